/**
 * Puts an exported CI file in place, or checks that the committed one is the
 * same. The file is written to a temporary name beside it and renamed over
 * the target, so a reader never sees half a file and a link at the target is
 * replaced, never followed; no folder on the way may be a link either.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';

export type CheckResult = 'same' | 'differs' | 'missing';

export function checkExport(target: string, text: string): CheckResult {
  let current: string;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    return 'missing';
  }
  return current === text ? 'same' : 'differs';
}

/** Writes `text` to `target`, making the folders inside `root` it needs. */
export function writeExport(root: string, target: string, text: string): void {
  refuseLinkedFolders(root, path.dirname(target));
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function refuseLinkedFolders(root: string, folder: string): void {
  const relative = path.relative(root, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  let current = root;
  for (const part of relative.split(path.sep).filter((piece) => piece !== '')) {
    current = path.join(current, part);
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isSymbolicLink() || !stat.isDirectory()) {
      throw new UsageError(`${path.relative(root, current)} is ${stat.isSymbolicLink() ? 'a link' : 'not a folder'}; not writing the exported file through it.`, 'Choose another place with --output.');
    }
  }
}
