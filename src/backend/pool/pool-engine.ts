/**
 * One engine of a pool: its name as the user wrote it, the Docker provider
 * that talks to it, how many jobs it takes at once (configured, or its CPU
 * count as the engine reports it) and the client that moves images to it.
 */
import type Docker from 'dockerode';
import type { EngineConfig } from '../../config/types.js';
import { DockerProvider } from '../docker/docker-provider.js';
import { engineAddressOf } from '../docker/engine-address.js';
import type { BackendProvider } from '../provider.js';

/** What the pool needs of an engine (tests give it fake ones). */
export interface PoolMember {
  /** What output calls it: the context name, or the address as written. */
  readonly name: string;
  readonly provider: BackendProvider;
  /** Jobs it runs at once. */
  slots(): Promise<number>;
  /** Its API client, for images moved there from another engine. */
  docker(): Promise<Docker>;
}

export class PoolEngine implements PoolMember {
  readonly provider: DockerProvider;
  readonly name: string;
  private counted?: number;

  constructor(
    private readonly config: EngineConfig,
    where: { root: string; env: NodeJS.ProcessEnv },
  ) {
    this.name = config.context ?? config.host ?? '';
    this.provider = new DockerProvider({ env: where.env, address: engineAddressOf(config, where) });
  }

  async slots(): Promise<number> {
    if (this.config.slots !== undefined) return this.config.slots;
    if (this.counted === undefined) {
      const info = (await (await this.docker()).info()) as { NCPU?: number };
      this.counted = Math.max(1, info.NCPU ?? 1);
    }
    return this.counted;
  }

  async docker(): Promise<Docker> {
    return (await this.provider.engine()).docker;
  }
}
