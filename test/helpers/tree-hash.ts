/** Proof that a job left the user's files alone: a hash of every file below a folder. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Hash of every path, mode and content below `dir` except git's folder (where localci's state lives); links are not followed. */
export function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const relative = path.relative(dir, full);
      if (relative === '.git') continue;
      const info = lstatSync(full);
      hash.update(`${relative}:${info.mode}:${info.mtimeMs}\n`);
      if (info.isDirectory()) walk(full);
      else if (info.isSymbolicLink()) hash.update(readlinkSync(full));
      else hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
