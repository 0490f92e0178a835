/**
 * Where a run sends the project's workspace, artifacts and secrets is the user's choice, not the
 * repository's: a cloned config's `engines:` or `registry:` could name a machine of whoever wrote
 * it. Destinations on this machine are used as written: a unix socket, a `docker context` (the
 * user made it), a registry on a loopback address. Any other one in a project's config is used
 * only when the user's own config lists it (`trustedEngines`, `trustedRegistries` in
 * ~/.config/localci/config.yaml); otherwise the run stops before connecting, exit 2.
 * LOCALCI_ENGINES and LOCALCI_REGISTRY are the user's own word and need no listing.
 */
import path from 'node:path';
import type { BackendName, EngineConfig } from '../config/types.js';
import { readUserConfig } from '../config/user-config.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { Pipeline } from '../model/pipeline.js';
import { poolEngines } from './pool/engine-list.js';

type Env = Readonly<Record<string, string | undefined>>;

export async function checkDestinations(pipeline: Pick<Pipeline, 'engines' | 'registry' | 'source'>, backend: BackendName, env: Env): Promise<void> {
  const engines = backend === 'pool' ? poolEngines(pipeline, env as NodeJS.ProcessEnv) : undefined;
  const untrustedEngines = engines?.from === 'config' ? engines.engines.map((engine, index) => ({ engine, index })).filter(({ engine }) => !onThisMachine(engine)) : [];
  const registry = backend === 'swarm' && !env.LOCALCI_REGISTRY?.trim() && pipeline.registry !== undefined && !isLoopbackRegistry(pipeline.registry) ? pipeline.registry : undefined;
  if (untrustedEngines.length === 0 && registry === undefined) return;

  const issues: ConfigIssue[] = [];
  const { file: userFile, content } = await readUserConfig(env, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  const trustedEngines = stringList(content.trustedEngines);
  const trustedRegistries = stringList(content.trustedRegistries);
  const prefix = pipeline.source.kind === 'package.json' ? 'ci.' : '';
  const file = shown(pipeline.source.file);
  for (const { engine, index } of untrustedEngines) {
    if (trustedEngines.includes(engine.host!)) continue;
    issues.push({
      file,
      path: `${prefix}engines[${index}].host`,
      message: `${inert(engine.host!)} is another machine, and localci sends a job's workspace and secrets only to engines you trust.`,
      hint: `If it is yours, add it to trustedEngines in ${userFile}, or name the engines yourself with LOCALCI_ENGINES.`,
    });
  }
  if (registry !== undefined && !trustedRegistries.includes(registry)) {
    issues.push({
      file,
      path: `${prefix}registry`,
      message: `${inert(registry)} is another machine, and localci pushes job images (with the workspace in them) only to registries you trust.`,
      hint: `If it is yours, add it to trustedRegistries in ${userFile}, or set LOCALCI_REGISTRY.`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/** Relative to the working folder when inside it, as config errors are shown. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The address in backquotes with control characters escaped: a config's text never drives the terminal. */
function inert(text: string): string {
  return `\`${JSON.stringify(text).slice(1, -1)}\``;
}

function onThisMachine(engine: EngineConfig): boolean {
  return engine.context !== undefined || engine.host === undefined || engine.host.startsWith('unix://') || engine.host.startsWith('npipe://');
}

function isLoopbackRegistry(address: string): boolean {
  const host = address.replace(/\/.*$/, '').replace(/:\d+$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').map((item) => item.trim().replace(/\/+$/, '')) : [];
}
