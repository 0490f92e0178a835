/**
 * The composition root of backends: the one place that decides where jobs run
 * (`--backend`, then LOCALCI_BACKEND, then the config's `backend:`, else the
 * pool when engines are listed (LOCALCI_ENGINES or `engines:`), else the
 * Docker engine DOCKER_HOST or the docker context names) and builds that
 * provider. Run, watch, hook and bisect receive it; nothing below the CLI
 * imports a backend implementation.
 */
import type { BackendProvider } from '../backend/provider.js';
import { BACKEND_NAMES, type BackendName } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { Pipeline } from '../model/pipeline.js';
import { checkDestinations } from '../backend/destination-trust.js';
import { poolEngines } from '../backend/pool/engine-list.js';

export interface ProviderWishes {
  /** `--backend`, when given. */
  backend?: string;
  /** Keep started containers between runs (watch mode's `watch.keepContainers`). */
  keepWarm?: boolean;
}

type ProviderFactory = (pipeline: Pipeline, wishes: ProviderWishes, env: NodeJS.ProcessEnv) => Promise<BackendProvider>;

/** Each implementation is loaded only when chosen: dockerode alone takes ~150 ms to load. */
const FACTORIES: Record<BackendName, ProviderFactory> = {
  docker: async (_pipeline, wishes, env) => {
    const { DockerProvider } = await import('../backend/docker/docker-provider.js');
    return new DockerProvider({ env, keepWarm: wishes.keepWarm });
  },
  pool: async (pipeline, _wishes, env) => {
    const list = poolEngines(pipeline, env);
    if (!list) throw new UsageError('The pool backend has no engines to run jobs on.', "List them in the config (`engines: [{ host: 'tcp://buildbox:2375' }]`) or in LOCALCI_ENGINES.");
    const [{ PoolProvider }, { PoolEngine }] = await Promise.all([import('../backend/pool/pool-provider.js'), import('../backend/pool/pool-engine.js')]);
    return new PoolProvider(list.engines.map((engine) => new PoolEngine(engine, { root: pipeline.root, env })));
  },
  swarm: async (pipeline, _wishes, env) => {
    const [{ SwarmProvider }, { registryAddress }] = await Promise.all([import('../backend/swarm/swarm-provider.js'), import('../backend/swarm/registry-address.js')]);
    return new SwarmProvider({ env, registry: registryAddress(pipeline, env) });
  },
};

export interface BackendChoice {
  name: BackendName;
  /** Where the choice came from, for messages. */
  from: '--backend' | 'LOCALCI_BACKEND' | 'config' | 'engines' | 'default';
}

export function chooseBackend(pipeline: Pick<Pipeline, 'backend' | 'engines'>, wishes: ProviderWishes, env: NodeJS.ProcessEnv = process.env): BackendChoice {
  if (wishes.backend !== undefined) return { name: known(wishes.backend, '--backend'), from: '--backend' };
  const fromEnv = env.LOCALCI_BACKEND?.trim();
  if (fromEnv) return { name: known(fromEnv, 'LOCALCI_BACKEND'), from: 'LOCALCI_BACKEND' };
  if (pipeline.backend !== undefined) return { name: pipeline.backend, from: 'config' };
  if (poolEngines(pipeline, env)) return { name: 'pool', from: 'engines' };
  return { name: 'docker', from: 'default' };
}

export async function openBackendProvider(pipeline: Pipeline, wishes: ProviderWishes = {}, env: NodeJS.ProcessEnv = process.env): Promise<BackendProvider> {
  const { name } = chooseBackend(pipeline, wishes, env);
  // Before any connection: a repository's config must not send the workspace to a machine of its choosing.
  await checkDestinations(pipeline, name, env);
  return FACTORIES[name](pipeline, wishes, env);
}

function known(name: string, from: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(name)) return name as BackendName;
  throw new UsageError(`Unknown backend "${name}" (from ${from}).`, `localci runs jobs with: ${BACKEND_NAMES.join(', ')}.`);
}
