/**
 * git's view of a working tree apart from the files themselves: the HEAD commit,
 * the branch, and the index (what is tracked, at which blob, what is staged).
 * `ci run` reads it with every run; watch compares it between runs to know
 * when a save is not the only thing that changed (a commit, a checkout, a stash,
 * `git add`), and to tell whether the tree it keeps is dirty.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { entryKey, kindOfGitMode, type FileEntries } from './file-entry.js';
import { isStatePath } from './file-list.js';
import { git, gitMaybe, headInfo } from './git.js';
import { lstatEntry } from './worktree-entries.js';

/** One path of the index; a conflicted path has stages 1-3 and no single content. */
export interface IndexRecord {
  name: string;
  key: string;
  stage: string;
}

/** The records of `git ls-files -z -s` that are this repository's files (no submodules, no state folder). */
export function parseIndex(listing: string): IndexRecord[] {
  const records: IndexRecord[] = [];
  for (const record of listing.split('\0')) {
    if (record === '') continue;
    // `<mode> <blob> <stage>\t<path>`
    const tab = record.indexOf('\t');
    const [mode, blob, stage] = record.slice(0, tab).split(' ');
    const name = record.slice(tab + 1);
    const kind = kindOfGitMode(mode ?? '');
    if (kind === undefined || isStatePath(name)) continue;
    records.push({ name, key: entryKey(blob!, kind), stage: stage ?? '0' });
  }
  return records;
}

export interface IndexState {
  commit?: string;
  branch?: string;
  /** Equal stamps: the same HEAD, branch, index and stash, so nothing but saved files can differ. */
  stamp: string;
  /** The index differs from HEAD (or there is no HEAD yet). */
  staged: boolean;
  /** Tracked paths and their keys; undefined for a conflicted path. */
  tracked: Map<string, string | undefined>;
  /** Files git neither tracks nor ignores. */
  untracked: Set<string>;
}

export async function readIndexState(root: string): Promise<IndexState> {
  const [listing, others, head, staged, stash] = await Promise.all([
    git(root, ['ls-files', '-z', '-s']),
    git(root, ['ls-files', '-z', '--others', '--exclude-standard']),
    headInfo(root),
    gitMaybe(root, ['diff-index', '--cached', '--name-only', '-z', '--relative', 'HEAD']),
    // A stash pushed or popped rewrites files in ways no single save tells (whole folders).
    gitMaybe(root, ['rev-parse', '-q', '--verify', 'refs/stash']),
  ]);
  const tracked = new Map<string, string | undefined>();
  for (const { name, key, stage } of parseIndex(listing)) tracked.set(name, stage === '0' && !tracked.has(name) ? key : undefined);
  const stamp = createHash('sha1').update(`${head.sha ?? ''}\0${head.branch ?? ''}\0${stash ?? ''}\0`).update(listing).digest('hex');
  const untracked = new Set(others.split('\0').filter((name) => name !== '' && !isStatePath(name)));
  return { commit: head.sha, branch: head.branch, stamp, staged: staged !== '', tracked, untracked };
}

/** Whether files differ from what git would commit: `ci run`'s dirty flag, from the index alone. */
export function isDirty(entries: FileEntries, index: IndexState): boolean {
  if (index.staged) return true;
  let tracked = 0;
  for (const [name, entry] of entries) {
    if (!index.tracked.has(name)) return true; // untracked
    tracked += 1;
    if (index.tracked.get(name) !== entry.key) return true;
  }
  return tracked !== index.tracked.size; // a tracked file deleted
}

/**
 * Whether `entries` name exactly the files `ci run` would take now: every untracked file, and
 * every tracked one still on disk. Costs two listings and an lstat per tracked file missing
 * from `entries`, not a read of the tree.
 */
export function namesMatch(root: string, entries: FileEntries, index: IndexState): boolean {
  for (const name of entries.keys()) if (!index.tracked.has(name) && !index.untracked.has(name)) return false;
  for (const name of index.untracked) if (!entries.has(name)) return false;
  for (const name of index.tracked.keys()) if (!entries.has(name) && lstatEntry(path.join(root, name)) !== undefined) return false;
  return true;
}
