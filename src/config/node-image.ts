/**
 * The Node image for an inferred pipeline, from the first of these that says
 * something: `.nvmrc`, `.node-version`, `volta.node`, `engines.node`, else the
 * version running localci now (the one the developer is testing with). A range
 * never means its lowest version: `>=18` is the host's major when it fits,
 * else the newest LTS that does (node-releases.ts).
 */
import { majorForRange } from './node-releases.js';
import type { ProjectFiles } from './project-files.js';

export type NodeVersionSource = '.nvmrc' | '.node-version' | 'volta' | 'engines' | 'host';

export interface NodeImage {
  image: string;
  /** Where the version came from, for `ci init`'s findings and tests. */
  from: NodeVersionSource;
}

export interface NodeImageOptions {
  today?: Date;
  hostMajor?: number;
}

export function inferNodeImage(files: ProjectFiles, pkg: Record<string, unknown> | undefined, options: NodeImageOptions = {}): NodeImage {
  const context = { today: options.today ?? new Date(), hostMajor: options.hostMajor ?? Number(process.versions.node.split('.')[0]) };
  for (const file of ['.nvmrc', '.node-version'] as const) {
    const content = files.read(file);
    const tag = content === undefined ? undefined : imageTagOfVersionFile(content, context);
    if (tag !== undefined) return { image: `node:${tag}`, from: file };
  }
  const volta = field(pkg?.['volta'], 'node');
  const voltaTag = volta === undefined ? undefined : tagOfVersion(volta, context);
  if (voltaTag !== undefined) return { image: `node:${voltaTag}`, from: 'volta' };
  const engines = field(pkg?.['engines'], 'node');
  const major = engines === undefined ? undefined : majorForRange(engines, context);
  if (major !== undefined) return { image: `node:${major}`, from: 'engines' };
  return { image: `node:${context.hostMajor}`, from: 'host' };
}

/** nvm's LTS code names; `lts/iron` is Node 20, and the image tag must say so. */
const LTS_NAMES: Record<string, string> = {
  argon: '4', boron: '6', carbon: '8', dubnium: '10', erbium: '12', fermium: '14',
  gallium: '16', hydrogen: '18', iron: '20', jod: '22', krypton: '24',
};

/**
 * `v20.11.1` → `20`, `20` → `20`, `lts/*` → `lts`, `lts/iron` → `20`, `node` → `current`;
 * a range (`>=18`, which some projects put there) is read like `engines.node`.
 */
export function imageTagOfVersionFile(content: string, context: { today: Date; hostMajor: number } = { today: new Date(), hostMajor: Number(process.versions.node.split('.')[0]) }): string | undefined {
  const line = content.split('\n').map((text) => text.trim()).find((text) => text !== '' && !text.startsWith('#'));
  if (line === undefined) return undefined;
  const lts = /^lts\/(.+)$/i.exec(line)?.[1]?.toLowerCase();
  if (lts !== undefined) return LTS_NAMES[lts] ?? 'lts';
  if (line === 'node' || line === 'stable' || line === 'latest') return 'current';
  return tagOfVersion(line, context);
}

function tagOfVersion(text: string, context: { today: Date; hostMajor: number }): string | undefined {
  const major = /^v?(\d+)(?:\.\d+){0,2}$/.exec(text.trim())?.[1];
  if (major !== undefined) return major;
  return majorForRange(text, context)?.toString();
}

function field(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}
