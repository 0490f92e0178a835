/**
 * How far up the config search goes. Inside a git repository it stops at
 * the worktree root (the first directory with a `.git` entry; a file in
 * worktrees and submodules, a folder otherwise), so a config in a parent
 * project never leaks in. Outside git it stops at the home directory, or
 * the filesystem root when the start is not under home. Plain `existsSync`
 * calls: spawning git would cost more than the whole search.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SearchBoundary {
  /** The git worktree root containing the start directory, if any. */
  gitRoot?: string;
  /** The last directory searched. */
  stopDir: string;
}

export function findSearchBoundary(start: string): SearchBoundary {
  const from = path.resolve(start);
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return { gitRoot: dir, stopDir: dir };
    if (path.dirname(dir) === dir) break;
  }
  const home = os.homedir();
  return { stopDir: isInside(from, home) ? home : path.parse(from).root };
}

/** Directories from `start` up to and including `stopDir`. */
export function directoriesUpTo(start: string, stopDir: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === stopDir || path.dirname(dir) === dir) return dirs;
  }
}

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
