/**
 * The schema of `engines:`, the Docker engines of a pool: each is an address
 * DOCKER_HOST would accept or a `docker context` name, never both, with TLS
 * files only where TLS means something (a `tcp://` address).
 */
import { z } from 'zod';
import { nonBlank, refined } from './schema-values.js';

const ENGINE_SCHEMES = ['unix:', 'tcp:', 'ssh:', 'npipe:'];

export const engineHost = refined(z.string(), (value) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { message: `\`${value}\` is not an engine address`, hint: "write it as DOCKER_HOST does, such as 'tcp://buildbox:2376' or 'unix:///var/run/docker.sock'" };
  }
  return ENGINE_SCHEMES.includes(url.protocol)
    ? undefined
    : { message: `\`${value}\` is not an engine address`, hint: 'an engine is reached by unix://, tcp://, ssh:// or npipe://' };
});

const engineSlots = refined(z.number(), (value) =>
  Number.isInteger(value) && value >= 1 ? undefined : { message: `\`${value}\` is not a number of slots`, hint: 'write how many jobs the engine runs at once (1 or more), or leave `slots` out for its CPU count' },
);

const engineConfig = z
  .strictObject({
    host: engineHost.optional(),
    context: nonBlank('context name').optional(),
    tls: z.strictObject({ ca: nonBlank('TLS file'), cert: nonBlank('TLS file'), key: nonBlank('TLS file') }).optional(),
    slots: engineSlots.optional(),
  })
  .superRefine((engine, ctx) => {
    const problem = (message: string, hint: string) => ctx.addIssue({ code: 'custom', message, params: { hint }, input: engine });
    if ((engine.host === undefined) === (engine.context === undefined)) {
      problem('an engine needs exactly one of `host` or `context`', "write `{ host: 'tcp://buildbox:2376' }` or `{ context: 'buildbox' }`");
    } else if (engine.tls && !engine.host?.startsWith('tcp://')) {
      problem('`tls` goes with a `tcp://` host only', 'a docker context brings its own TLS files; unix and ssh addresses need none');
    }
  });

export const enginesConfig = refined(z.array(engineConfig), (engines) =>
  engines.length === 0 ? { message: 'the pool has no engines', hint: "list at least one, such as `engines: [{ host: 'unix:///var/run/docker.sock' }]`, or remove `engines`" } : undefined,
);
