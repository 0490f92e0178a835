/**
 * The provider for a Docker Swarm (`backend: 'swarm'`): the engine DOCKER_HOST
 * or the docker context names must be a manager of the swarm, and a registry
 * every node can pull from must be configured. Each job then runs as a one-shot
 * service on whichever node fits it; the workspace goes with the job's image,
 * so nothing of this machine is mounted.
 */
import type { Backend, RunIdentity } from '../backend.js';
import type { BackendProvider, EngineIdentity, ReapCounts, RunOptions } from '../provider.js';
import type { EnvironmentError } from '../../errors.js';
import { DockerProvider } from '../docker/docker-provider.js';
import { noRegistry, notAManager, type SwarmState } from './swarm-errors.js';
import { reapSwarmLeftovers } from './swarm-reaper.js';

export interface SwarmProviderOptions {
  /** Where DOCKER_HOST, DOCKER_CONTEXT and the TLS variables are read (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** The registry the nodes pull job images from (config `registry:` or LOCALCI_REGISTRY). */
  registry?: string;
}

export class SwarmProvider implements BackendProvider {
  readonly name = 'swarm';
  /** The connection to the manager: the same as for a single engine. */
  private readonly manager: DockerProvider;

  constructor(private readonly options: SwarmProviderOptions = {}) {
    this.manager = new DockerProvider({ env: options.env });
  }

  async probe(): Promise<EngineIdentity> {
    // Before any connection: a missing registry is the cheaper thing to fix first.
    if (this.options.registry === undefined) throw noRegistry();
    const identity = await this.manager.probe();
    const engine = await this.manager.engine();
    const info = (await engine.docker.info()) as { Swarm?: SwarmState };
    const problem = notAManager(identity.description, info.Swarm);
    if (problem) throw problem;
    const nodes = info.Swarm?.Nodes ?? 1;
    return { ...identity, description: `the swarm of ${nodes} node${nodes === 1 ? '' : 's'} managed by ${identity.description}`, local: false };
  }

  async reap(projectId: string): Promise<ReapCounts> {
    return { ...(await reapSwarmLeftovers((await this.manager.engine()).docker, projectId)) };
  }

  async workspaceCopyReason(): Promise<string | undefined> {
    return 'jobs run on the nodes of a swarm, which cannot mount folders of this machine';
  }

  async openRun(run: RunIdentity, _options: RunOptions): Promise<Backend> {
    const [engine, { SwarmBackend }] = await Promise.all([this.manager.engine(), import('./swarm-backend.js')]);
    return new SwarmBackend(engine, run, this.options.registry!);
  }

  onLost(listener: (error: EnvironmentError) => void): () => void {
    return this.manager.onLost(listener);
  }

  close(): Promise<void> {
    return this.manager.close();
  }
}
