/**
 * Names, labels and tags of a deployed environment. Its objects carry
 * `localci.project` and `localci.env` but never `localci.run` or an owning pid:
 * they outlive the run that made them, and neither a run's clean-up nor the
 * crash reaper (which only takes objects whose pid label names a dead process)
 * may touch them.
 */
import { sanitizeProjectName } from '../config/project-name.js';
import type { SourceInfo } from '../source/source-tree.js';

export const ENV_LABEL = {
  env: 'localci.env',
  /** `active` (serving), `candidate` (being checked), `previous` (stopped during the switch), `smoke`. */
  role: 'localci.env.role',
  /** JSON of DeployInfo, for `ci env ls`. */
  info: 'localci.env.info',
} as const;

export type EnvRole = 'active' | 'candidate' | 'previous' | 'smoke';

export interface DeployInfo {
  env: string;
  commit?: string;
  dirty: boolean;
  /** The first tag given to the image. */
  image: string;
  imageId: string;
  /** URL on the host (127.0.0.1 and the first published port), if any port is published. */
  url?: string;
  /** URL inside the environment's network. */
  internalUrl?: string;
  healthcheck?: string;
  /** Container port the TCP readiness check uses when there is no healthcheck command. */
  port?: number;
  deployedAt: string;
}

export interface EnvNames {
  /** The serving container. */
  container: string;
  /** The new container while it is checked. */
  candidate: string;
  /** The old container while the new one takes over its ports. */
  previous: string;
  network: string;
  /** DNS name of the serving container on the network. */
  alias: string;
}

/**
 * Keyed by the project id (folder name plus a hash of the checkout's path), not the folder name
 * alone: two clones named `app` must not take over each other's environment.
 */
export function envNames(projectId: string, env: string): EnvNames {
  const base = `localci-env-${dockerName(projectId)}-${dockerName(env)}`;
  return { container: base, candidate: `${base}-next`, previous: `${base}-prev`, network: base, alias: dockerName(env) };
}

/** `{sha}`: the commit's first 8 characters (`-dirty` when the tree has uncommitted changes), `local` outside git. */
export function shaTag(source: SourceInfo): string {
  const sha = source.commit?.slice(0, 8) ?? 'local';
  return source.dirty ? `${sha}-dirty` : sha;
}

export interface DeployTag {
  reference: string;
  /** Names the environment (`{env}`): moved onto the image only once it serves, so it always names what runs. */
  followsEnv: boolean;
}

/**
 * The image references to tag: `build.tags` with placeholders filled, else `<project id>:<sha>`
 * and `<project id>:<env>` (say `web-1a2b3c4d:staging`): still readable, and per checkout, so
 * a clone with the same folder name never moves this one's `{env}` tag.
 */
export function deployTags(projectId: string, env: string, sha: string, templates?: readonly string[]): DeployTag[] {
  const project = sanitizeProjectName(projectId);
  const list = templates && templates.length > 0 ? templates : [`${project}:{sha}`, `${project}:{env}`];
  const seen = new Set<string>();
  const tags: DeployTag[] = [];
  for (const template of list) {
    const reference = template.replace(/\{sha\}/g, sha).replace(/\{env\}/g, dockerName(env));
    if (seen.has(reference)) continue;
    seen.add(reference);
    tags.push({ reference, followsEnv: template.includes('{env}') });
  }
  return tags;
}

/** `repo:tag` → `{ repo, tag }` (a port in the registry host is not a tag); no tag means `latest`. */
export function splitReference(reference: string): { repo: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: 'latest' };
}

export interface PortMapping {
  host: number;
  container: number;
}

/** `8080` → 8080 on both sides; `'8080:80'` → host 8080 to container 80. */
export function parsePorts(entries: ReadonlyArray<string | number>): PortMapping[] {
  return entries.map((entry) => {
    const match = /^(?:(\d+):)?(\d+)(?:\/tcp)?$/.exec(String(entry).trim());
    const container = Number(match?.[2]);
    const host = match?.[1] === undefined ? container : Number(match[1]);
    if (!match || !validPort(container) || !(validPort(host) || host === 0)) {
      throw new Error(`run.ports: "${entry}" is not a port (8080) or host:container pair ('8080:80')`);
    }
    return { host, container };
  });
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Lower case letters, digits and dashes: valid in container, network and host names. */
function dockerName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'env';
}
