/**
 * Docker actions (`runs.using: docker` in an action.yml) and `uses: docker://image`
 * steps run in a container of the step's own (model/step-container.ts): the
 * action's image (`docker://name`, or built from a Dockerfile in the action's
 * folder), its inputs as `INPUT_<NAME>` variables, `runs.args` / `runs.entrypoint`
 * or the step's `with: args` / `with: entrypoint` in their place. What reads
 * `inputs` in `runs.args` and `runs.env` gets the step's `with:` text, so values
 * from earlier steps reach the container when the step starts.
 */
import path from 'node:path';
import type { ImageSpec } from '../../types.js';
import type { DockerAction } from './local-actions.js';

/** What a Docker step runs, its texts still templates of the step's expressions. */
export interface DockerStepPlan {
  image: ImageSpec;
  /** Input name and its template (the step's `with:` value, else the action's default). */
  inputs: Array<[string, string]>;
  /** Argument templates; absent: the image's CMD. */
  args?: string[];
  entrypoint?: string;
  env: Record<string, string>;
}

/** `with:` keys a Docker step takes for itself rather than as inputs. */
const OWN_KEYS = new Set(['args', 'entrypoint']);

export const DOCKER_IMAGE_PREFIX = 'docker://';

/** `uses: docker://alpine:3.19`: the image with its own entrypoint, `with: args` / `entrypoint` if given. */
export function dockerImagePlan(uses: string, given: Record<string, string>): DockerStepPlan {
  const inputs = Object.entries(given).filter(([name]) => !OWN_KEYS.has(name));
  return { image: uses.slice(DOCKER_IMAGE_PREFIX.length).trim(), inputs, ...ownKeys(given), env: {} };
}

/**
 * A Docker action of the repository: `image` is `docker://name` or a Dockerfile path relative to
 * the action's folder, which is also the build context (an image built from the same files is reused).
 */
export function dockerActionPlan(action: DockerAction, given: Record<string, string>): DockerStepPlan {
  const values = new Map(Object.entries(action.inputs).map(([name, fallback]) => [name, given[name] ?? textOf(fallback)]));
  // Keys the action does not declare still become variables, as a runner passes them (with a warning there).
  for (const [name, value] of Object.entries(given)) if (!OWN_KEYS.has(name) && !values.has(name)) values.set(name, value);
  const image: ImageSpec = action.image.startsWith(DOCKER_IMAGE_PREFIX)
    ? action.image.slice(DOCKER_IMAGE_PREFIX.length).trim()
    : { dockerfile: path.posix.join(action.dir, action.image), context: action.dir };
  const own = ownKeys(given);
  return {
    image,
    inputs: [...values],
    ...(own.args === undefined && action.args.length > 0 ? { args: action.args.map((arg) => withInputs(arg, values)) } : {}),
    ...(own.entrypoint === undefined && action.entrypoint !== undefined ? { entrypoint: withInputs(action.entrypoint, values) } : {}),
    ...own,
    env: Object.fromEntries(Object.entries(action.env).map(([name, value]) => [name, withInputs(value, values)])),
  };
}

function ownKeys(given: Record<string, string>): Pick<DockerStepPlan, 'args' | 'entrypoint'> {
  return {
    ...(given.args === undefined ? {} : { args: splitArguments(given.args) }),
    ...(given.entrypoint === undefined || given.entrypoint.trim() === '' ? {} : { entrypoint: given.entrypoint.trim() }),
  };
}

/** `${{ inputs.name }}` replaced by the input's own template, so what it reads is read when the step starts. */
function withInputs(template: string, values: ReadonlyMap<string, string>): string {
  return template.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (whole, name: string) => values.get(name) ?? '');
}

/**
 * `with: args` is one string, split into arguments as a command line is: at blanks outside
 * double or single quotes (which are taken off). A `${{ }}` expression stays whole, so a value it
 * reads is one argument.
 */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote === undefined && text.startsWith('${{', index)) {
      const end = text.indexOf('}}', index);
      const stop = end === -1 ? text.length : end + 2;
      current = (current ?? '') + text.slice(index, stop);
      index = stop - 1;
    } else if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current = (current ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (/\s/.test(char)) {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) args.push(current);
  return args;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
