/**
 * `ci images [--json]`: the images the pipeline uses (by name or build spec),
 * whether they are on the engine, their id and size. `ci images prune`: removes
 * this project's built images (`localci.build`) that no build spec in the config
 * resolves to any more, i.e. builds of Dockerfiles or contexts since changed.
 */
import os from 'node:os';
import type Docker from 'dockerode';
import { buildTag, BUILD_REPOSITORY } from '../../backend/docker/build-image.js';
import { hostBuildNetwork } from '../../backend/docker/build-network.js';
import { connectEngine } from '../../backend/docker/connect.js';
import { LABEL } from '../../backend/docker/labels.js';
import { ExitCode, UsageError } from '../../errors.js';
import { imageKey } from '../../model/image-ref.js';
import type { ImageRef, Pipeline } from '../../model/pipeline.js';
import { projectId } from '../../model/project-id.js';
import { findGitRoot } from '../../source/git.js';
import { readSourceTree } from '../../source/source-tree.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';
import { stdoutColors } from '../terminal.js';
import { imageName } from './describe.js';

interface ImageRow {
  /** The name, or `build Dockerfile (target x)`. */
  image: string;
  /** The reference as the config wrote it, when the image map rewrote it to `image`. */
  reference?: string;
  /** The image-map rule that did. */
  rule?: string;
  /** The content tag a build spec resolves to now. */
  tag?: string;
  id?: string;
  status: 'present' | 'missing' | 'error';
  sizeBytes?: number;
  error?: string;
}

export async function imagesCommand(action: string | undefined, options: GlobalOptions): Promise<number> {
  if (action !== undefined && action !== 'prune') throw new UsageError(`Unknown images action "${action}".`, 'Use `ci images` to list or `ci images prune` to remove stale builds.');
  const { pipeline } = await loadForCommand(options, true);
  const [engine, rows] = await connectEngine().then(async (engine) => [engine, await imageRows(engine.docker, pipeline)] as const);
  if (action === 'prune') return prune(engine.docker, pipeline, rows);
  if (options.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return ExitCode.ok;
  }
  const colors = stdoutColors();
  const shown = (row: ImageRow) => (row.reference ? `${row.reference} → ${row.image}` : row.image);
  const width = Math.max(5, ...rows.map((row) => shown(row).length));
  process.stdout.write(colors.bold(`${'IMAGE'.padEnd(width)}  ID            STATUS    SIZE`) + '\n');
  for (const row of rows) {
    const size = row.sizeBytes === undefined ? '' : `${(row.sizeBytes / 1e6).toFixed(1)} MB`;
    const status = row.status === 'error' ? colors.red(`error: ${row.error}`) : row.status === 'missing' ? colors.yellow('missing') : 'present ';
    process.stdout.write(`${shown(row).padEnd(width)}  ${(row.id?.slice(7, 19) ?? '—').padEnd(12)}  ${status}  ${size}\n`);
    if (row.tag) process.stdout.write(colors.dim(`${''.padEnd(width)}  ↳ ${row.tag}`) + '\n');
    if (row.rule) process.stdout.write(colors.dim(`  ↳ mapped by ${row.rule}`) + '\n');
  }
  return ExitCode.ok;
}

async function imageRows(docker: Docker, pipeline: Pipeline): Promise<ImageRow[]> {
  const refs = new Map<string, ImageRef>();
  for (const job of pipeline.jobs) for (const ref of [job.image, ...job.services.map((service) => service.image)]) refs.set(imageKey(ref), ref);
  const needsTree = [...refs.values()].some((ref) => ref.kind === 'build');
  const tree = needsTree ? await readSourceTree({ root: pipeline.root, isGit: (await findGitRoot(pipeline.root)) !== undefined }) : undefined;
  const id = projectId(pipeline);
  const network = hostBuildNetwork();
  return Promise.all(
    [...refs.values()].map(async (ref): Promise<ImageRow> => {
      const label = imageName({ image: ref });
      let name = label;
      let tag: string | undefined;
      if (ref.kind === 'build') {
        try {
          tag = name = (await buildTag(tree!, ref, id, network)).tag;
        } catch (error) {
          return { image: label, status: 'error', error: error instanceof Error ? error.message : String(error) };
        }
      }
      const info = await docker.getImage(name).inspect().catch(() => undefined);
      const mapping = ref.kind === 'name' && ref.mappedFrom !== undefined ? { reference: ref.mappedFrom, ...(ref.mappedBy ? { rule: ref.mappedBy } : {}) } : {};
      return { image: label, ...mapping, ...(tag ? { tag } : {}), ...(info ? { id: info.Id, status: 'present', sizeBytes: info.Size } : { status: 'missing' }) };
    }),
  );
}

async function prune(docker: Docker, pipeline: Pipeline, rows: ImageRow[]): Promise<number> {
  const current = new Set(rows.flatMap((row) => (row.tag ? [row.tag] : [])));
  const built = await docker.listImages({ filters: JSON.stringify({ label: [`${LABEL.build}=1`, `${LABEL.project}=${projectId(pipeline)}`] }) });
  let removed = 0;
  for (const image of built) {
    const tags = (image.RepoTags ?? []).filter((tag) => tag.startsWith(`${BUILD_REPOSITORY}/`));
    if (tags.some((tag) => current.has(tag))) continue;
    // By tag when tagged (an id with several tags needs force); a dangling build by id.
    for (const name of tags.length > 0 ? tags : [image.Id]) {
      try {
        await docker.getImage(name).remove();
        process.stdout.write(`removed ${name}\n`);
        removed += 1;
      } catch (error) {
        process.stderr.write(`could not remove ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
  process.stdout.write(`Removed ${removed} stale built image(s).\n`);
  return ExitCode.ok;
}
