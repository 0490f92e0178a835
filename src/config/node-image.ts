/**
 * The Node image for an inferred pipeline: the major version the project
 * asks for in `engines.node`, else `.nvmrc` / `.node-version`, else the
 * version running localci now (the one the developer is testing with).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import minVersion from 'semver/ranges/min-version.js';

export interface NodeImage {
  image: string;
  /** Where the version came from, for `ci list` and tests. */
  from: 'engines' | '.nvmrc' | '.node-version' | 'host';
}

export function inferNodeImage(root: string, engines: unknown): NodeImage {
  if (typeof engines === 'string') {
    const major = majorOfRange(engines);
    if (major !== undefined) return { image: `node:${major}`, from: 'engines' };
  }
  for (const file of ['.nvmrc', '.node-version'] as const) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const tag = imageTagOfVersionFile(readFileSync(full, 'utf8'));
    if (tag !== undefined) return { image: `node:${tag}`, from: file };
  }
  return { image: `node:${process.versions.node.split('.')[0]}`, from: 'host' };
}

function majorOfRange(range: string): number | undefined {
  try {
    return minVersion(range)?.major;
  } catch {
    return undefined;
  }
}

/** nvm's LTS code names; `lts/iron` is Node 20, and the image tag must say so. */
const LTS_NAMES: Record<string, string> = {
  argon: '4', boron: '6', carbon: '8', dubnium: '10', erbium: '12', fermium: '14',
  gallium: '16', hydrogen: '18', iron: '20', jod: '22', krypton: '24',
};

/** `v20.11.1` → `20`, `20` → `20`, `lts/*` → `lts`, `lts/iron` → `20`, `node` → `current`. */
export function imageTagOfVersionFile(content: string): string | undefined {
  const line = content.split('\n').map((text) => text.trim()).find((text) => text !== '' && !text.startsWith('#'));
  if (line === undefined) return undefined;
  const lts = /^lts\/(.+)$/i.exec(line)?.[1]?.toLowerCase();
  if (lts !== undefined) return LTS_NAMES[lts] ?? 'lts';
  if (line === 'node' || line === 'stable' || line === 'latest') return 'current';
  const major = /^v?(\d+)(?:\.\d+){0,2}$/.exec(line)?.[1];
  return major;
}
