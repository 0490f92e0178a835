/**
 * The source a run works on, as a list of files in a folder: the working tree
 * as git would commit it now, exactly one commit (unpacked into a scratch
 * folder), or a plain folder outside git. Reading it is cheap; packing it into
 * a tar (snapshot.ts) happens only when some job has to run.
 */
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import tar from 'tar-fs';
import { UsageError } from '../errors.js';
import { listDirectoryFiles, listWorktreeFiles } from './file-list.js';
import { gitMaybe, gitStream, headInfo } from './git.js';

export type SourceKind = 'worktree' | 'commit' | 'directory';

export interface SourceRequest {
  root: string;
  /** Run exactly this commit instead of the working tree. */
  commit?: string;
  /** True when `root` is inside a git repository. */
  isGit: boolean;
}

export interface SourceInfo {
  kind: SourceKind;
  commit?: string;
  branch?: string;
  /** The working tree differs from its HEAD commit (always false for `commit`). */
  dirty: boolean;
}

export interface SourceTree extends SourceInfo {
  /** Folder the files are read from: the project, or the unpacked commit. */
  dir: string;
  /** Paths relative to `dir`, with `/`. */
  files: string[];
}

export async function readSourceTree(request: SourceRequest, scratchDir: string): Promise<SourceTree> {
  if (request.commit !== undefined) return readCommit(request.root, request.commit, path.join(scratchDir, 'commit-tree'));
  if (!request.isGit) return { kind: 'directory', dirty: false, dir: request.root, files: await listDirectoryFiles(request.root) };
  const [files, head, status] = await Promise.all([
    listWorktreeFiles(request.root),
    headInfo(request.root),
    gitMaybe(request.root, ['status', '--porcelain', '--untracked-files=normal', '--', '.']),
  ]);
  return { kind: 'worktree', commit: head.sha, branch: head.branch, dirty: (status ?? '') !== '', dir: request.root, files };
}

/** Exactly one commit: `git archive` of it, unpacked so it is read like any folder. */
async function readCommit(root: string, ref: string, dir: string): Promise<SourceTree> {
  const [sha, subdir] = await Promise.all([gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]), gitMaybe(root, ['rev-parse', '--show-prefix'])]);
  if (!sha) throw new UsageError(`--commit ${ref} does not name a commit in this repository.`, 'Use a branch, tag or sha that `git log` shows.');
  // A project in a subfolder of the repository gets that folder of the commit, as with the working tree.
  const tree = subdir ? `${sha}:${subdir.replace(/\/$/, '')}` : sha;
  const archive = gitStream(root, ['archive', '--format=tar', tree]);
  await Promise.all([pipeline(archive.stdout, tar.extract(dir)), archive.done]);
  const [files, branch] = await Promise.all([listDirectoryFiles(dir), branchOf(root, sha)]);
  return { kind: 'commit', commit: sha, branch, dirty: false, dir, files };
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
