/**
 * The workspace every job of a run sees: one frozen state of the source.
 * On an engine that sees this machine's paths it is a snapshot folder (see
 * store/), mounted under each job's own overlay; otherwise it is a tar packed
 * once and copied into each container through the Docker API. Either way no job
 * can touch the user's files.
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

/** A file placed in every job's container besides the workspace (CA bundles, …). */
export interface ExtraFile {
  /** Absolute path inside the container. */
  path: string;
  content: Buffer;
  mode: number;
}

export interface SourceSnapshot extends SourceInfo {
  fileCount: number;
  /** The frozen folder, when the engine can mount it; jobs then get an overlay of it. */
  folder?: string;
  /** Host copies of the extra files, bind-mounted read-only beside a mounted folder. */
  extraMounts: Array<{ source: string; target: string }>;
  /** A fresh stream of the tree (and the extra files, and these artifact folders) as a tar whose entries live under `workspace/`. */
  openTar(layers?: readonly string[]): Readable;
  /** One line for `--debug`: how the workspace was made and how it reaches jobs. */
  summary: string;
}

/**
 * The tree as a tar under `workspace/`, then the extra files, then any `layers`: host folders
 * that mirror the workspace (upstream artifacts), packed after the tree so their files win.
 */
export function packTree(dir: string, files: readonly string[], extras: readonly ExtraFile[], layers: readonly string[] = []): Readable {
  const map = (header: tar.Headers) => {
    // Owned by root like a CI checkout, whatever the host user's ids are.
    header.name = `${TAR_PREFIX}/${header.name}`;
    header.uid = 0;
    header.gid = 0;
    return header;
  };
  const packLayers = (stream: tar.Pack, remaining: readonly string[]): void => {
    const [next, ...rest] = remaining;
    if (next === undefined) {
      stream.finalize();
      return;
    }
    tar.pack(next, { pack: stream, map, finalize: false, finish: (same) => packLayers(same, rest) });
  };
  const pack = tar.pack(dir, {
    entries: [...files],
    map,
    finalize: false,
    finish: (stream) => {
      for (const extra of extras) {
        stream.entry({ name: extra.path.replace(/^\/+/, ''), mode: extra.mode, uid: 0, gid: 0, size: extra.content.length }, extra.content);
      }
      packLayers(stream, layers);
    },
  });
  // tar-fs streams are streamx streams; Node's pipeline and dockerode accept them.
  return pack as unknown as Readable;
}

/** Packs the tree once into a file that every job's container is filled from. */
export async function writeSnapshot(tree: SourceTree, extras: readonly ExtraFile[], tarPath: string, why = 'tar'): Promise<SourceSnapshot> {
  await pipeline(packTree(tree.dir, tree.files, extras), createWriteStream(tarPath));
  const { kind, commit, branch, dirty } = tree;
  return {
    kind,
    commit,
    branch,
    dirty,
    fileCount: tree.files.length,
    extraMounts: [],
    openTar: () => createReadStream(tarPath),
    summary: `workspace: ${tree.files.length} files packed into a tar, copied into each container through the API (${why})`,
  };
}
