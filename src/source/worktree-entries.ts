/**
 * The files of a working tree with their keys, cheaply: git's index already
 * knows the blob id of every tracked file that is unchanged on disk, so only
 * edited and untracked files are read, and those are remembered by
 * (size, mtime, inode) between runs. Outside git every file is keyed this way.
 */
import { lstatSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { blobIdOf, blobIdOfFile } from './blob-id.js';
import { blobOfKey, entryKey, kindOfStat, type FileEntries, type FileEntry, type FileKind } from './file-entry.js';
import { isStatePath, listDirectoryFiles } from './file-list.js';
import { parseIndex } from './index-state.js';
import { KeyMemo } from './key-memo.js';
import { git, type CommitInfo } from './git.js';
import { largeUntrackedFolders, type LargeFolder } from './untracked-folders.js';
import { worktreeStatus } from './worktree-status.js';
import { gitLayoutOf } from '../state/state-location.js';
import { periodicYield } from '../util/periodic-yield.js';

/**
 * Files up to this size are read with synchronous calls, one after the other: for the many small
 * files of an untracked folder that is several times faster than queueing them on the thread pool.
 */
const SYNC_READ_LIMIT = 1024 * 1024;

export interface WorktreeListing {
  entries: FileEntries;
  /** Something differs from the HEAD commit: an edit, a new or deleted file, a staged change. */
  dirty: boolean;
  /** Folders of many files git neither tracks nor ignores (each run sends them). */
  largeUntracked: LargeFolder[];
  /** The HEAD commit and branch the tree is checked out at. */
  head: CommitInfo;
}

/** Tracked files (keyed by the index when git vouches for them) and untracked, not ignored files. */
export async function worktreeEntries(root: string, memoFile?: string): Promise<WorktreeListing> {
  const [staged, status] = await Promise.all([git(root, ['ls-files', '-z', '-s']), worktreeStatus(root, gitLayoutOf(root)?.prefix ?? '')]);
  const candidates: Candidate[] = [];
  for (const { name, key, stage } of parseIndex(staged)) {
    candidates.push({ name, indexKey: key, trusted: stage === '0' && !status.changed.has(name) });
  }
  const untrackedNames = status.untracked.filter((name) => !isStatePath(name));
  const trackedNames = candidates.map((candidate) => candidate.name);
  for (const name of untrackedNames) candidates.push({ name, trusted: false });
  const keyed = await keyFiles(root, dedupe(candidates), { memoFile, linkHashed: false });
  const largeUntracked = largeUntrackedFolders((name) => keyed.sizes.get(name) ?? 0, untrackedNames, trackedNames);
  const dirty = untrackedNames.length > 0 || status.staged || keyed.differsFromIndex;
  return { entries: keyed.entries, dirty, largeUntracked, head: status.head };
}

/** Every file below a plain folder: none is committed, so each is keyed by content and may be linked. */
export async function directoryEntries(root: string, memoFile?: string): Promise<FileEntries> {
  const names = await listDirectoryFiles(root);
  return (await keyFiles(root, names.map((name) => ({ name, trusted: false })), { memoFile, linkHashed: true })).entries;
}

interface Candidate {
  name: string;
  /** The index's key for a tracked file. */
  indexKey?: string;
  /** git vouches that the file on disk matches the index. */
  trusted: boolean;
}

/** A conflicted file is listed once per stage. */
function dedupe(candidates: Candidate[]): Candidate[] {
  const byName = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const seen = byName.get(candidate.name);
    byName.set(candidate.name, seen ? { name: candidate.name, trusted: false } : candidate);
  }
  return [...byName.values()];
}

interface KeyOptions {
  memoFile?: string;
  /** Whether files keyed by reading them may be hard-linked (a plain folder) or must be copied (edited files). */
  linkHashed: boolean;
}

interface KeyedFiles {
  entries: FileEntries;
  differsFromIndex: boolean;
  /** Sizes of the files that were not keyed by the index (untracked ones among them). */
  sizes: Map<string, number>;
}

async function keyFiles(root: string, candidates: Candidate[], options: KeyOptions): Promise<KeyedFiles> {
  const entries: FileEntries = new Map();
  const sizes = new Map<string, number>();
  const toHash: Array<{ name: string; stat: Stats; kind: FileKind; indexKey?: string }> = [];
  let differsFromIndex = false;
  // Synchronous on purpose: 50,000 lstat calls take ~0.25 s this way and ~1 s through the thread pool.
  for (const { name, indexKey, trusted } of candidates) {
    const full = path.join(root, name);
    const found = lstatEntry(full);
    if (!found) {
      // Deleted since git listed it, or a directory (a nested repository).
      differsFromIndex ||= indexKey !== undefined;
      continue;
    }
    const { stat, kind, target } = found;
    if (trusted && indexKey !== undefined && indexKey === entryKey(blobOfKey(indexKey), kind)) {
      entries.set(name, { key: indexKey, ino: kind === 'link' ? 0 : stat.ino, target });
    } else {
      toHash.push({ name, stat, kind, indexKey });
      sizes.set(name, stat.size);
      entries.set(name, { key: '', ino: 0, target }); // keeps git's order; keyed below
    }
  }
  if (toHash.length === 0) return { entries, differsFromIndex, sizes };
  const memo = await KeyMemo.open(options.memoFile);
  const breathe = periodicYield();
  for (const { name, stat, kind, indexKey } of toHash) {
    const entry = entries.get(name) as FileEntry;
    let blob = memo.lookup(name, stat);
    if (blob === undefined) {
      const full = path.join(root, name);
      try {
        blob = entry.target !== undefined ? blobIdOf(entry.target) : stat.size <= SYNC_READ_LIMIT ? blobIdOf(readFileSync(full)) : await blobIdOfFile(full, stat.size);
      } catch (error) {
        if (!isGone(error)) throw error;
        // Deleted between its lstat and its read: not part of this tree.
        entries.delete(name);
        differsFromIndex = true;
        continue;
      }
      memo.remember(name, stat, blob);
      await breathe();
    }
    entry.key = entryKey(blob, kind);
    entry.ino = options.linkHashed && kind !== 'link' ? stat.ino : 0;
    differsFromIndex ||= entry.key !== indexKey;
  }
  await memo.save();
  return { entries, differsFromIndex, sizes };
}

/** A path's kind and link target, or undefined when it is gone or no file (a folder, a socket). */
export function lstatEntry(full: string): { stat: Stats; kind: FileKind; target?: string } | undefined {
  try {
    const stat = lstatSync(full, { throwIfNoEntry: false });
    const kind = stat && kindOfStat(stat);
    if (!stat || !kind) return undefined;
    return { stat, kind, target: kind === 'link' ? readlinkSync(full) : undefined };
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/**
 * A file that vanished while it was read: deleted (ENOENT), its folder replaced by a file
 * (ENOTDIR) or by a looping link (ELOOP: the link itself is an entry of its own), a link
 * replaced by a file between lstat and readlink (EINVAL).
 */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'EINVAL';
}
