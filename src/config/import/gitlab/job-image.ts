/** `image` (a name or `{ name, entrypoint, pull_policy }`) and `services` of a GitLab job. */
import type { PullPolicy, ServiceConfig } from '../../types.js';
import { isMapping } from './deep-merge.js';
import { warn, warnUnknownKeys, type JobContext } from './job-context.js';
import { expandText } from './variables.js';

const PULL: Record<string, PullPolicy> = { always: 'always', 'if-not-present': 'if-missing', never: 'never' };

export interface JobImage {
  image?: string;
  pull?: PullPolicy;
}

export function jobImage(value: unknown, context: JobContext): JobImage {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { image: expandText(value, context.variables) };
  if (!isMapping(value) || typeof value.name !== 'string') {
    warn(context, ['image'], 'ignored: expected an image name or `{ name: … }`; the default image is used');
    return {};
  }
  warnUnknownKeys(context, value, ['image'], ['name', 'entrypoint', 'pull_policy'], 'ignored');
  // localci runs its own step driver as the entrypoint, which is what `entrypoint: [""]` asks for.
  if (Array.isArray(value.entrypoint) && value.entrypoint.some((part) => String(part) !== '')) {
    warn(context, ['image', 'entrypoint'], "approximated: the image's entrypoint is replaced by localci's step runner, the script runs directly");
  }
  const policies = (Array.isArray(value.pull_policy) ? value.pull_policy : value.pull_policy === undefined ? [] : [value.pull_policy]).map(String);
  const pull = policies.map((policy) => PULL[policy]).find((policy) => policy !== undefined);
  return { image: expandText(value.name, context.variables), ...(pull ? { pull } : {}) };
}

/**
 * Services by the name the job reaches them at: the alias, else GitLab's alias from the image
 * (`postgres:16` → `postgres`, `group/redis` → `group-redis`). They get the job's variables and their own.
 */
export function jobServices(value: unknown, jobEnv: Record<string, string>, context: JobContext): Record<string, ServiceConfig> | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const services: Record<string, ServiceConfig> = {};
  list.forEach((entry, index) => {
    const at = ['services', index];
    const spec = typeof entry === 'string' ? { name: entry } : isMapping(entry) ? entry : undefined;
    if (!spec || typeof spec.name !== 'string') {
      warn(context, at, 'ignored: expected an image name or `{ name: … }`');
      return;
    }
    warnUnknownKeys(context, spec, at, ['name', 'alias', 'variables', 'command', 'entrypoint', 'pull_policy'], 'ignored');
    if (spec.entrypoint !== undefined) warn(context, [...at, 'entrypoint'], "ignored: the service starts with its image's entrypoint");
    const image = expandText(spec.name, context.variables);
    const [alias, ...more] = typeof spec.alias === 'string' ? spec.alias.split(',').map((text) => text.trim()) : [defaultAlias(image)];
    if (more.length > 0) warn(context, [...at, 'alias'], `approximated: reachable as ${alias} only`);
    const name = hostName(alias!);
    if (name !== alias) warn(context, [...at, 'alias'], `approximated: reachable as ${name}`);
    const own = isMapping(spec.variables) ? Object.fromEntries(Object.entries(spec.variables).map(([key, raw]) => [key, expandText(String(raw), context.variables)])) : {};
    const command = spec.command === undefined ? undefined : (Array.isArray(spec.command) ? spec.command : [spec.command]).map(String);
    services[name] = { image, env: { ...jobEnv, ...own }, ...(command ? { command } : {}) };
  });
  return Object.keys(services).length > 0 ? services : undefined;
}

function defaultAlias(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^/:]*$/, '').replace(/\//g, '-');
}

/** localci reaches services by a DNS label: lower case letters, digits and `-`. */
function hostName(alias: string): string {
  return alias.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'service';
}
