/**
 * The source a run works on, as files with content keys in a folder: the
 * working tree as git would commit it now, exactly one commit (as a snapshot
 * folder made from git's objects, no checkout), or a plain folder outside git.
 * Reading it is cheap; making the workspace from it (workspace.ts) happens
 * only when some job has to run.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { projectState } from '../state/project-state.js';
import { commitEntries, gitObjectProvider } from './commit-entries.js';
import type { FileEntries } from './file-entry.js';
import { gitMaybe } from './git.js';
import { SnapshotTrees, type TreeLease } from './store/snapshot-trees.js';
import type { LargeFolder } from './untracked-folders.js';
import { directoryEntries, worktreeEntries } from './worktree-entries.js';

export type SourceKind = 'worktree' | 'commit' | 'directory';

export interface SourceRequest {
  root: string;
  /** Run exactly this commit instead of the working tree. */
  commit?: string;
  /** True when `root` is inside a git repository. */
  isGit: boolean;
  /** Names the reader of a commit's snapshot folder (its run). */
  runId?: string;
}

export interface SourceInfo {
  kind: SourceKind;
  commit?: string;
  branch?: string;
  /** The working tree differs from its HEAD commit (always false for `commit`). */
  dirty: boolean;
  /** Folders of many files git neither tracks nor ignores, sent with the working tree. */
  largeUntracked?: LargeFolder[];
}

export interface SourceTree extends SourceInfo {
  /** Folder the files are read from: the project, or a commit's snapshot folder. */
  dir: string;
  /** Paths relative to `dir`, with `/`. */
  files: string[];
  /** Each file's content key and where a snapshot takes it from. */
  entries: FileEntries;
  /** The snapshot folder holding a commit's files; give it back with `releaseSourceTree`. */
  lease?: TreeLease;
}

export async function readSourceTree(request: SourceRequest): Promise<SourceTree> {
  const memoFile = path.join(await projectState(request.root).folder('memo'), 'file-keys.json');
  if (request.commit !== undefined) return readCommit(request, request.commit, memoFile);
  if (!request.isGit) return fromEntries({ kind: 'directory', dirty: false }, request.root, await directoryEntries(request.root, memoFile));
  const { entries, dirty, largeUntracked, head } = await worktreeEntries(request.root, memoFile);
  return fromEntries({ kind: 'worktree', commit: head.sha, branch: head.branch, dirty, largeUntracked }, request.root, entries);
}

export async function releaseSourceTree(tree: SourceTree | undefined): Promise<void> {
  await tree?.lease?.release();
}

export async function snapshotTreesOf(root: string): Promise<SnapshotTrees> {
  return new SnapshotTrees(await projectState(root).folder('workspace'));
}

/** Exactly one commit, read from git's objects into a snapshot folder; unchanged files are linked from the working tree. */
async function readCommit(request: SourceRequest, ref: string, memoFile: string): Promise<SourceTree> {
  const { root } = request;
  const [sha, subdir] = await Promise.all([gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]), gitMaybe(root, ['rev-parse', '--show-prefix'])]);
  if (!sha) throw new UsageError(`--commit ${ref} does not name a commit in this repository.`, 'Use a branch, tag or sha that `git log` shows.');
  // A project in a subfolder of the repository gets that folder of the commit, as with the working tree.
  const treeish = subdir ? `${sha}:${subdir.replace(/\/$/, '')}` : sha;
  const [worktree, trees, branch] = await Promise.all([worktreeEntries(root, memoFile), snapshotTreesOf(root), branchOf(root, sha)]);
  const entries = await commitEntries(root, treeish, worktree.entries);
  const lease = await trees.acquire(entries, { worktree: root, provide: gitObjectProvider(root, trees.store) }, request.runId ?? `${process.pid}`);
  return { ...fromEntries({ kind: 'commit', commit: sha, branch, dirty: false }, lease.dir, entries), lease };
}

function fromEntries(info: SourceInfo, dir: string, entries: FileEntries): SourceTree {
  return { ...info, dir, files: [...entries.keys()], entries };
}

/** The checked-out branch when it contains the commit (the usual case for hooks), else the nearest branch by name. */
async function branchOf(root: string, sha: string): Promise<string | undefined> {
  const [current, onCurrent] = await Promise.all([
    gitMaybe(root, ['symbolic-ref', '--short', '-q', 'HEAD']),
    gitMaybe(root, ['merge-base', '--is-ancestor', sha, 'HEAD']),
  ]);
  if (current && onCurrent !== undefined) return current;
  const named = await gitMaybe(root, ['name-rev', '--name-only', '--no-undefined', '--refs=refs/heads/*', sha]);
  return named?.replace(/[~^].*$/, '') || undefined;
}
