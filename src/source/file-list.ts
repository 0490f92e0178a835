/**
 * Outside git, the files a job sees are every file of the folder except `.git`
 * and localci's own state; symlinks are kept as links.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { STATE_DIR_NAME } from '../util/state-dir.js';

/** Every file below `root` except `.git` and localci's state directory, as paths relative to it with `/`. */
export async function listDirectoryFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (relative.split('/')[0] === '.git' || isStatePath(relative)) continue;
    files.push(relative);
  }
  return files.sort();
}

export function isStatePath(name: string): boolean {
  return name === STATE_DIR_NAME || name.startsWith(`${STATE_DIR_NAME}/`);
}
