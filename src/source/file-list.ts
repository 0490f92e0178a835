/**
 * The files a job sees when running the working tree: exactly what `git add -A`
 * would commit now (tracked plus untracked-but-not-ignored), or, outside git,
 * every file except localci's own state. Symlinks are kept as links.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { git } from './git.js';
import { STATE_DIR_NAME } from '../util/state-dir.js';

/** Paths relative to `root`, using `/`, that exist now and are files or links. */
export async function listWorktreeFiles(root: string): Promise<string[]> {
  const stdout = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  // Conflicted files are listed once per stage; deleted-but-tracked files are listed but gone.
  const names = [...new Set(stdout.split('\0').filter((name) => name.length > 0))];
  return keepExistingFiles(root, names.filter((name) => !isStatePath(name)));
}

/** Every file below `root` except `.git` and localci's state directory. */
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

function isStatePath(name: string): boolean {
  return name === STATE_DIR_NAME || name.startsWith(`${STATE_DIR_NAME}/`);
}

async function keepExistingFiles(root: string, names: string[]): Promise<string[]> {
  const checks = await Promise.all(
    names.map(async (name) => {
      try {
        const stat = await lstat(path.join(root, name));
        // A directory here is a submodule's gitlink: its content is not this repository's.
        return stat.isDirectory() ? undefined : name;
      } catch {
        return undefined;
      }
    }),
  );
  return checks.filter((name): name is string => name !== undefined);
}
