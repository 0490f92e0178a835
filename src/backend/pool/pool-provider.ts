/**
 * The provider of a pool of Docker engines (`engines:` or LOCALCI_ENGINES):
 * every probe asks each engine (one that does not answer is an environment
 * error naming it), the run's concurrency is the sum of their slots, crashed
 * runs are reaped on each, and the workspace goes as a tar copy unless every
 * engine is on this machine and can mount it.
 */
import { EnvironmentError } from '../../errors.js';
import type { Backend, RunIdentity } from '../backend.js';
import type { BackendProvider, EngineIdentity, ReapCounts, RunOptions } from '../provider.js';
import { PoolBackend } from './pool-backend.js';
import type { PoolMember } from './pool-engine.js';

/** What `ci doctor` and the debug output show of each engine. */
export interface PoolEngineIdentity extends EngineIdentity {
  name: string;
  slots: number;
}

export class PoolProvider implements BackendProvider {
  readonly name = 'pool';
  private slotCounts?: number[];

  /** `engines`: in the order listed; the first that has the run's images resolves them. */
  constructor(readonly engines: readonly PoolMember[]) {}

  get slots(): number | undefined {
    return this.slotCounts?.reduce((sum, count) => sum + count, 0);
  }

  /** Each engine's answer; the first that does not answer is the error. */
  async probeEach(): Promise<PoolEngineIdentity[]> {
    const identities = await Promise.all(
      this.engines.map(async (engine) => {
        try {
          return { ...(await engine.provider.probe()), name: engine.name, slots: await engine.slots() };
        } catch (error) {
          // The hint of a lone engine (DOCKER_HOST, docker context) does not fit an engine of a list.
          if (error instanceof EnvironmentError) throw new EnvironmentError(error.message, 'Start it or make it reachable, or take it out of the pool (`engines` / LOCALCI_ENGINES).');
          throw error;
        }
      }),
    );
    this.slotCounts = identities.map((identity) => identity.slots);
    return identities;
  }

  async probe(): Promise<EngineIdentity & { engines: PoolEngineIdentity[] }> {
    const engines = await this.probeEach();
    const each = engines.map((engine) => `${engine.name} (${engine.slots} ${engine.slots === 1 ? 'slot' : 'slots'})`);
    return {
      description: `a pool of ${engines.length} ${engines.length === 1 ? 'engine' : 'engines'}: ${each.join(', ')}`,
      version: [...new Set(engines.map((engine) => engine.version))].join(', '),
      local: engines.every((engine) => engine.local),
      engines,
    };
  }

  async reap(projectId: string): Promise<ReapCounts> {
    const counts: ReapCounts = {};
    for (const reaped of await Promise.all(this.engines.map((engine) => engine.provider.reap(projectId)))) {
      for (const [kind, count] of Object.entries(reaped)) counts[kind] = (counts[kind] ?? 0) + count;
    }
    return counts;
  }

  async workspaceCopyReason(root: string): Promise<string | undefined> {
    const reasons = await Promise.all(this.engines.map((engine) => engine.provider.workspaceCopyReason(root)));
    return reasons.find((reason) => reason !== undefined);
  }

  async openRun(run: RunIdentity, options: RunOptions): Promise<Backend> {
    const slots = this.slotCounts ?? (await this.probeEach()).map((engine) => engine.slots);
    return new PoolBackend(this.engines, slots, run, options);
  }

  /** Called once every engine of the pool is gone: losing some is the run's to handle (pool-backend.ts). */
  onLost(listener: (error: EnvironmentError) => void): () => void {
    const lost = new Set<number>();
    const stops = this.engines.map((engine, index) =>
      engine.provider.onLost((error) => {
        lost.add(index);
        if (lost.size === this.engines.length) listener(error);
      }),
    );
    return () => stops.forEach((stop) => stop());
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.map((engine) => engine.provider.close()));
  }
}
