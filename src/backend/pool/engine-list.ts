/**
 * The engines of a pool: LOCALCI_ENGINES when set (one shell line points a
 * run at other machines without touching the project), else the config's
 * `engines:`. LOCALCI_ENGINES is a comma-separated list of engine addresses or
 * `docker context` names, each optionally followed by `*` and its slots:
 * `unix:///var/run/docker.sock*2,tcp://buildbox:2375*8,buildbox-tls`.
 */
import type { EngineConfig } from '../../config/types.js';
import { UsageError } from '../../errors.js';
import type { Pipeline } from '../../model/pipeline.js';

export interface EngineList {
  engines: EngineConfig[];
  from: 'LOCALCI_ENGINES' | 'config';
}

export function poolEngines(pipeline: Pick<Pipeline, 'engines'>, env: NodeJS.ProcessEnv): EngineList | undefined {
  const listed = env.LOCALCI_ENGINES?.trim();
  if (listed) return { engines: parseEngineList(listed), from: 'LOCALCI_ENGINES' };
  return pipeline.engines?.length ? { engines: pipeline.engines, from: 'config' } : undefined;
}

export function parseEngineList(text: string): EngineConfig[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(parseEngine);
}

function parseEngine(item: string): EngineConfig {
  const star = item.lastIndexOf('*');
  const where = star === -1 ? item : item.slice(0, star);
  const slotText = star === -1 ? undefined : item.slice(star + 1);
  const slots = slotText === undefined ? undefined : Number(slotText);
  if (slots !== undefined && !(Number.isInteger(slots) && slots >= 1)) {
    throw new UsageError(`LOCALCI_ENGINES: \`${item}\` has \`${slotText}\` slots.`, 'Write a whole number of at least 1 after `*`, such as `tcp://buildbox:2375*8`.');
  }
  if (where === '') throw new UsageError(`LOCALCI_ENGINES: \`${item}\` names no engine.`, 'Write an address such as `tcp://buildbox:2375` or a `docker context` name before `*`.');
  const engine: EngineConfig = where.includes('://') ? { host: where } : { context: where };
  if (engine.host !== undefined && !/^(unix|tcp|ssh|npipe):\/\/./.test(engine.host)) {
    throw new UsageError(`LOCALCI_ENGINES: \`${where}\` is not an engine address.`, 'An engine is reached by unix://, tcp://, ssh:// or npipe://, or named by its `docker context`.');
  }
  return slots === undefined ? engine : { ...engine, slots };
}
