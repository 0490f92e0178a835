/**
 * Doctor: each engine of the pool, when jobs would run on one (`engines:` or
 * LOCALCI_ENGINES, and no other backend asked for): does it answer, which
 * Docker is it, how many jobs does it take at once, and does it get the
 * workspace mounted or copied.
 */
import { checkDestinations } from '../backend/destination-trust.js';
import { poolEngines } from '../backend/pool/engine-list.js';
import { chooseBackend } from '../cli/backend-provider.js';
import type { EngineConfig } from '../config/types.js';
import { LocalciError } from '../errors.js';
import type { Pipeline } from '../model/pipeline.js';
import { fail, ok, type Check } from './check.js';

export interface PoolCheck {
  checks: Check[];
  /** False when an engine of the pool does not answer: `ci run` would exit 3. */
  reachable: boolean;
}

export async function checkPool(pipeline: Pipeline | undefined, env: NodeJS.ProcessEnv): Promise<PoolCheck> {
  let engines: EngineConfig[];
  try {
    if (!pipeline || chooseBackend(pipeline, {}, env).name !== 'pool') return { checks: [], reachable: true };
    await checkDestinations(pipeline, 'pool', env);
    engines = poolEngines(pipeline, env)?.engines ?? [];
  } catch (error) {
    if (!(error instanceof LocalciError)) throw error;
    return { checks: [fail('engine', error.message, error.hint)], reachable: false };
  }
  const { PoolEngine } = await import('../backend/pool/pool-engine.js');
  const checks = await Promise.all(
    engines.map(async (config): Promise<Check> => {
      const name = config.context ?? config.host ?? '';
      let engine;
      try {
        engine = new PoolEngine(config, { root: pipeline.root, env });
        const [identity, slots, copyReason] = await Promise.all([engine.provider.probe(), engine.slots(), engine.provider.workspaceCopyReason(pipeline.root)]);
        const workspace = copyReason === undefined ? 'workspace mounted' : 'workspace copied in';
        return ok('engine', `${name}: Docker ${identity.version}, ${slots} ${slots === 1 ? 'slot' : 'slots'}, ${workspace}`);
      } catch (error) {
        if (!(error instanceof LocalciError)) throw error;
        return fail('engine', `${name}: ${error.message}`, error.hint);
      } finally {
        await engine?.provider.close();
      }
    }),
  );
  return { checks, reachable: checks.every((check) => check.level === 'ok') };
}
