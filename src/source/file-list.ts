/**
 * Outside git, the files a job sees are every file of the folder except `.git`
 * and `.localci` (which may hold the user's secrets file, and, from older
 * versions, localci's own state); symlinks are kept as links.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { LEGACY_DIR_NAME } from '../state/legacy-folder.js';

/** Every file below `root` except `.git` and `.localci`, as paths relative to it with `/`. */
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

/** `.localci` and what it holds: never part of a job's workspace. */
export function isStatePath(name: string): boolean {
  return name === LEGACY_DIR_NAME || name.startsWith(`${LEGACY_DIR_NAME}/`);
}
