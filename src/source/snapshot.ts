/**
 * Freezes the source a run works on into one tar file, taken once at the start,
 * so every job of the run sees the same tree even if the user keeps editing, and
 * so no job ever touches the user's files (they only ever get a copy).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execa } from 'execa';
import tar from 'tar-fs';
import { UsageError } from '../errors.js';
import { gitMaybe, headInfo } from './git.js';
import { listDirectoryFiles, listWorktreeFiles } from './file-list.js';

/** Where the tree lands inside every job container. */
export const WORKSPACE_DIR = '/workspace';
/** Prefix of every entry in the snapshot tar, so it can be put at `/`. */
const TAR_PREFIX = WORKSPACE_DIR.slice(1);

export type SourceKind = 'worktree' | 'commit' | 'directory';

export interface SourceRequest {
  root: string;
  /** Run exactly this commit instead of the working tree. */
  commit?: string;
  /** True when `root` is inside a git repository. */
  isGit: boolean;
}

export interface SourceSnapshot {
  kind: SourceKind;
  commit?: string;
  branch?: string;
  /** The working tree differs from its HEAD commit (always false for `commit`). */
  dirty: boolean;
  fileCount: number;
  /** A fresh stream of the tree as a tar whose entries live under `workspace/`. */
  openTar(): Readable;
}

export async function takeSnapshot(request: SourceRequest, tarPath: string): Promise<SourceSnapshot> {
  if (request.commit !== undefined) return snapshotCommit(request.root, request.commit, tarPath);
  const files = request.isGit ? await listWorktreeFiles(request.root) : await listDirectoryFiles(request.root);
  await writeFilesTar(request.root, files, tarPath);
  const open = () => createReadStream(tarPath);
  if (!request.isGit) return { kind: 'directory', dirty: false, fileCount: files.length, openTar: open };
  const [head, status] = await Promise.all([
    headInfo(request.root),
    gitMaybe(request.root, ['status', '--porcelain', '--untracked-files=normal', '--', '.']),
  ]);
  return { kind: 'worktree', ...head, dirty: (status ?? '') !== '', fileCount: files.length, openTar: open };
}

async function snapshotCommit(root: string, ref: string, tarPath: string): Promise<SourceSnapshot> {
  const [sha, subdir] = await Promise.all([gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]), gitMaybe(root, ['rev-parse', '--show-prefix'])]);
  if (!sha) throw new UsageError(`--commit ${ref} does not name a commit in this repository.`, 'Use a branch, tag or sha that `git log` shows.');
  // A project in a subfolder of the repository gets that folder of the commit, as with the working tree.
  const tree = subdir ? `${sha}:${subdir.replace(/\/$/, '')}` : sha;
  await execa('git', ['archive', '--format=tar', `--prefix=${TAR_PREFIX}/`, tree], { cwd: root, stdout: { file: tarPath } });
  const [branch, count] = await Promise.all([
    gitMaybe(root, ['name-rev', '--name-only', '--no-undefined', '--refs=refs/heads/*', sha]),
    gitMaybe(root, ['ls-tree', '-r', '--name-only', '-z', tree]),
  ]);
  return {
    kind: 'commit',
    commit: sha,
    branch: branch?.replace(/[~^].*$/, '') || undefined,
    dirty: false,
    fileCount: (count ?? '').split('\0').filter(Boolean).length,
    openTar: () => createReadStream(tarPath),
  };
}

async function writeFilesTar(root: string, files: string[], tarPath: string): Promise<void> {
  const pack = tar.pack(root, {
    entries: files,
    map: (header) => {
      // Owned by root like a CI checkout, whatever the host user's ids are.
      header.name = `${TAR_PREFIX}/${header.name}`;
      header.uid = 0;
      header.gid = 0;
      return header;
    },
  });
  await pipeline(pack, createWriteStream(tarPath));
}

export async function removeSnapshot(tarPath: string): Promise<void> {
  await rm(path.resolve(tarPath), { force: true });
}
