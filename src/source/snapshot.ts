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
import { createRequire } from 'node:module';
import type tar from 'tar-fs';
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

/** Host folders that mirror the workspace, packed with the tree: `below` first (the tree wins over them), `above` last (they win). */
export interface TarLayers {
  below?: readonly string[];
  above?: readonly string[];
}

export interface SourceSnapshot extends SourceInfo {
  fileCount: number;
  /** The frozen folder, when the engine can mount it; jobs then get an overlay of it. */
  folder?: string;
  /** Host copies of the extra files, bind-mounted read-only beside a mounted folder. */
  extraMounts: Array<{ source: string; target: string }>;
  /**
   * A fresh stream of the tree and the extra files as a tar whose entries live under
   * `workspace/`; with layers around it when made from the folder (a prepacked tar has none).
   */
  openTar(layers?: TarLayers): Readable;
  /** True when `openTar` packs layers with the tree (made from the folder, not a prepacked tar). */
  tarTakesLayers: boolean;
  /** One line for `--debug`: how the workspace was made and how it reaches jobs. */
  summary: string;
}

/** The tree as a tar under `workspace/`, with the extra files after it and the layers around it (see TarLayers). */
export function packTree(dir: string, files: readonly string[], extras: readonly ExtraFile[], layers: TarLayers = {}): Readable {
  // Loaded on first use (it is CommonJS, so synchronously): a run whose jobs are all cached packs nothing.
  const { pack } = createRequire(import.meta.url)('tar-fs') as typeof tar;
  const map = (header: tar.Headers) => {
    // Owned by root like a CI checkout, whatever the host user's ids are.
    header.name = `${TAR_PREFIX}/${header.name}`;
    header.uid = 0;
    header.gid = 0;
    return header;
  };
  // Later entries overwrite earlier ones when the tar is unpacked: the packing order is the stacking order.
  const parts = [...(layers.below ?? []).map((folder) => ({ folder })), { folder: dir, entries: [...files], extras }, ...(layers.above ?? []).map((folder) => ({ folder }))];
  const packFrom = (index: number, into?: tar.Pack): tar.Pack => {
    const part: { folder: string; entries?: string[]; extras?: readonly ExtraFile[] } = parts[index]!;
    return pack(part.folder, {
      ...(part.entries ? { entries: part.entries } : {}),
      ...(into ? { pack: into } : {}),
      map,
      finalize: false,
      finish: (stream) => {
        for (const extra of part.extras ?? []) {
          stream.entry({ name: extra.path.replace(/^\/+/, ''), mode: extra.mode, uid: 0, gid: 0, size: extra.content.length }, extra.content);
        }
        if (index + 1 < parts.length) packFrom(index + 1, stream);
        else stream.finalize();
      },
    });
  };
  // tar-fs streams are streamx streams; Node's pipeline and dockerode accept them.
  return packFrom(0) as unknown as Readable;
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
    tarTakesLayers: false,
    summary: `workspace: ${tree.files.length} files packed into a tar, copied into each container through the API (${why})`,
  };
}
