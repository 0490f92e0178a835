/**
 * Freezes a source tree into one tar file, once per run, so every job of the
 * run sees the same files even if the user keeps editing, and so no job ever
 * touches the user's files (they only ever get a copy, through the Docker API).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-fs';
import type { SourceInfo, SourceTree } from './source-tree.js';

/** Where the tree lands inside every job container. */
export const WORKSPACE_DIR = '/workspace';
/** Prefix of every entry in the snapshot tar, so it can be put at `/`. */
const TAR_PREFIX = WORKSPACE_DIR.slice(1);

export interface SourceSnapshot extends SourceInfo {
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

export async function writeSnapshot(tree: SourceTree, extras: readonly ExtraFile[], tarPath: string): Promise<SourceSnapshot> {
  const pack = tar.pack(tree.dir, {
    entries: tree.files,
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
  const { kind, commit, branch, dirty } = tree;
  return { kind, commit, branch, dirty, fileCount: tree.files.length, openTar: () => createReadStream(tarPath) };
}
