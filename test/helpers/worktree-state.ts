/**
 * What a user would notice changed in a working tree: `git status --porcelain` and the
 * content of every file (sha256), except git's own folder (which holds localci's state).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { git } from './git-repo.js';

export interface WorktreeState {
  status: string;
  /** Relative path → sha256 of the content (of the target, for a symbolic link). */
  files: Record<string, string>;
}

const NOT_THE_USERS = new Set(['.git']);

export async function worktreeState(dir: string): Promise<WorktreeState> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
    if (NOT_THE_USERS.has(relative.split(path.sep)[0]!)) continue;
    if (entry.isDirectory()) continue;
    const full = path.join(dir, relative);
    const content = entry.isSymbolicLink() ? `-> ${await readlink(full)}` : await readFile(full);
    files[relative] = createHash('sha256').update(content).digest('hex');
  }
  return { status: await git(dir, 'status', '--porcelain', '--untracked-files=all'), files };
}
