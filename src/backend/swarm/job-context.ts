/**
 * The build context of a job's image on the swarm: a Dockerfile that stacks
 * the job's workspace onto its image, the workspace tar (with the files placed
 * beside it, such as CA bundles) and the layer folders (upstream artifacts, the
 * install layer) below or above it. Everything is streamed: no tar is held in
 * memory or written again to disk.
 */
import { existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tarFs from 'tar-fs';
import { extract, pack, type Pack } from 'tar-stream';
import { layersAround, type JobRequest } from '../backend.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';

interface ContextPart {
  /** Where its entries go in the context. */
  prefix: string;
  open(): Readable;
}

/** The Dockerfile and the context parts for one job; layers that were never written (no artifacts) are left out. */
export function jobContext(request: JobRequest, baseImage: string): { dockerfile: string; parts: ContextPart[] } {
  const { below, above } = layersAround(request.layers);
  const folder = (dir: string, index: number): ContextPart => ({ prefix: `layers/${index}/`, open: () => tarFs.pack(dir) as unknown as Readable });
  const takesLayers = request.workspace.tarTakesLayers;
  const existing = (dirs: readonly string[]) => dirs.filter((dir) => existsSync(dir));
  const belowDirs = takesLayers ? [] : existing(below.map((layer) => layer.dir));
  const aboveDirs = takesLayers ? [] : existing(above.map((layer) => layer.dir));
  const tree: ContextPart = {
    prefix: 'root/',
    // Entries live under `workspace/`, extra files at their own absolute paths: all of it goes to `/`.
    open: () => request.workspace.openTar(takesLayers ? { below: existing(below.map((layer) => layer.dir)), above: existing(above.map((layer) => layer.dir)) } : undefined),
  };
  const parts = [...belowDirs.map(folder), tree, ...aboveDirs.map((dir, index) => folder(dir, belowDirs.length + index))];
  const copy = (part: ContextPart) => (part === tree ? 'COPY root/ /' : `COPY ${part.prefix} ${WORKSPACE_DIR}/`);
  // JSON form: the image name is data, never parsed as more instructions.
  const dockerfile = [`FROM ${JSON.stringify(baseImage).slice(1, -1)}`, ...parts.map(copy), ''].join('\n');
  return { dockerfile, parts };
}

/** One tar: the Dockerfile, then each part's entries under its prefix, in order (later ones win when unpacked). */
export function packContext(dockerfile: string, parts: readonly ContextPart[]): Readable {
  const out = pack();
  out.entry({ name: 'Dockerfile', mode: 0o644 }, dockerfile);
  void (async () => {
    for (const part of parts) await copyEntries(part.open(), out, part.prefix);
    out.finalize();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out as unknown as Readable;
}

async function copyEntries(source: Readable, out: Pack, prefix: string): Promise<void> {
  const reader = extract();
  const feeding = pipeline(source, reader);
  for await (const entry of reader) {
    const header = { ...entry.header, name: prefix + entry.header.name.replace(/^\/+/, '') };
    await pipeline(entry, out.entry(header));
  }
  await feeding;
}
