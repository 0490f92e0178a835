/**
 * What differs in a working tree, from one `git status` instead of five git
 * processes (diff-files, diff-index, ls-files --others, rev-parse, symbolic-ref):
 * each spawn costs a run's main thread a fork of the whole Node process, which
 * on a busy machine was most of an unchanged re-run's time.
 */
import type { CommitInfo } from './git.js';
import { git } from './git.js';

export interface WorktreeStatus {
  head: CommitInfo;
  /** Tracked files whose content or mode on disk differs from the index (a conflicted file too). */
  changed: Set<string>;
  /** The index differs from HEAD, or there is no HEAD yet. */
  staged: boolean;
  /** Files git neither tracks nor ignores. */
  untracked: string[];
}

/**
 * Hard-linking a file into a snapshot changes its ctime (the link count is inode
 * metadata), which git would take for an edit; size, mtime and inode still tell.
 */
export const IGNORE_CTIME = ['-c', 'core.trustctime=false'];

/**
 * The status of the files below `root`, named relative to it. `prefix` is `root`'s path from the
 * worktree's top (`''` at the top): status names files from the top whatever folder it runs in.
 * No optional locks: a run only reads, and must not hold up the user's own git commands.
 */
export async function worktreeStatus(root: string, prefix: string): Promise<WorktreeStatus> {
  const args = ['--no-optional-locks', ...IGNORE_CTIME, 'status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', '--no-renames', '--ignore-submodules=all', '--', '.'];
  return parseWorktreeStatus(await git(root, args), prefix);
}

/** `git status --porcelain=v2 -z --branch --no-renames` output, pure. */
export function parseWorktreeStatus(output: string, prefix: string): WorktreeStatus {
  const base = prefix === '' ? '' : `${prefix.replace(/\/$/, '')}/`;
  const relative = (name: string) => (name.startsWith(base) ? name.slice(base.length) : undefined);
  const status: WorktreeStatus = { head: {}, changed: new Set(), staged: false, untracked: [] };
  let initial = false;
  for (const record of output.split('\0')) {
    if (record.startsWith('# branch.oid ')) {
      const oid = record.slice('# branch.oid '.length);
      initial = oid === '(initial)';
      if (!initial) status.head.sha = oid;
    } else if (record.startsWith('# branch.head ')) {
      const head = record.slice('# branch.head '.length);
      if (head !== '(detached)') status.head.branch = head;
    } else if (record.startsWith('1 ') || record.startsWith('u ')) {
      // `1 XY sub mH mI mW hH hI path` (8 fields before the path), `u XY sub m1 m2 m3 mW h1 h2 h3 path` (10).
      const fields = record.startsWith('1 ') ? 8 : 10;
      const parts = record.split(' ');
      const name = relative(parts.slice(fields).join(' '));
      const xy = parts[1] ?? '..';
      if (xy[0] !== '.') status.staged = true;
      if (name !== undefined && (record.startsWith('u ') || xy[1] !== '.')) status.changed.add(name);
    } else if (record.startsWith('? ')) {
      const name = relative(record.slice(2));
      if (name !== undefined) status.untracked.push(name);
    }
  }
  // Without a commit everything in the index counts as staged.
  if (initial) status.staged = true;
  return status;
}
