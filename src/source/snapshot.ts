/**
 * Freezes the source a run works on into one tar file, taken once at the start,
 * so every job of the run sees the same tree even if the user keeps editing, and
 * so no job ever touches the user's files (they only ever get a copy).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
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

/** A file placed in every job's container besides the workspace (CA bundles, …). */
export interface ExtraFile {
  /** Absolute path inside the container. */
  path: string;
  content: Buffer;
  mode: number;
}

export async function takeSnapshot(request: SourceRequest, tarPath: string, extras: readonly ExtraFile[] = []): Promise<SourceSnapshot> {
  const open = () => createReadStream(tarPath);
  if (request.commit !== undefined) return snapshotCommit(request.root, request.commit, tarPath, extras);
  const files = request.isGit ? await listWorktreeFiles(request.root) : await listDirectoryFiles(request.root);
  await writeFilesTar(request.root, files, extras, tarPath);
  if (!request.isGit) return { kind: 'directory', dirty: false, fileCount: files.length, openTar: open };
  const [head, status] = await Promise.all([
    headInfo(request.root),
    gitMaybe(request.root, ['status', '--porcelain', '--untracked-files=normal', '--', '.']),
  ]);
  return { kind: 'worktree', commit: head.sha, branch: head.branch, dirty: (status ?? '') !== '', fileCount: files.length, openTar: open };
}

/**
 * Exactly one commit: `git archive` of it, unpacked next to the tar, then packed
 * the same way as a working tree so both kinds of snapshot carry the same extras.
 */
async function snapshotCommit(root: string, ref: string, tarPath: string, extras: readonly ExtraFile[]): Promise<SourceSnapshot> {
  const [sha, subdir] = await Promise.all([gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]), gitMaybe(root, ['rev-parse', '--show-prefix'])]);
  if (!sha) throw new UsageError(`--commit ${ref} does not name a commit in this repository.`, 'Use a branch, tag or sha that `git log` shows.');
  // A project in a subfolder of the repository gets that folder of the commit, as with the working tree.
  const tree = subdir ? `${sha}:${subdir.replace(/\/$/, '')}` : sha;
  const unpacked = `${tarPath}.tree`;
  const archive = execa('git', ['archive', '--format=tar', tree], { cwd: root, buffer: false });
  await Promise.all([pipeline(archive.stdout!, tar.extract(unpacked)), archive]);
  const files = await listDirectoryFiles(unpacked);
  await writeFilesTar(unpacked, files, extras, tarPath);
  await rm(unpacked, { recursive: true, force: true });
  const branch = await gitMaybe(root, ['name-rev', '--name-only', '--no-undefined', '--refs=refs/heads/*', sha]);
  return {
    kind: 'commit',
    commit: sha,
    branch: branch?.replace(/[~^].*$/, '') || undefined,
    dirty: false,
    fileCount: files.length,
    openTar: () => createReadStream(tarPath),
  };
}

async function writeFilesTar(root: string, files: string[], extras: readonly ExtraFile[], tarPath: string): Promise<void> {
  const pack = tar.pack(root, {
    entries: files,
    map: (header) => {
      // Owned by root like a CI checkout, whatever the host user's ids are.
      header.name = `${TAR_PREFIX}/${header.name}`;
      header.uid = 0;
      header.gid = 0;
      return header;
    },
    finalize: false,
    finish: (stream) => {
      for (const extra of extras) {
        stream.entry({ name: extra.path.replace(/^\/+/, ''), mode: extra.mode, uid: 0, gid: 0, size: extra.content.length }, extra.content);
      }
      stream.finalize();
    },
  });
  await pipeline(pack, createWriteStream(tarPath));
}
