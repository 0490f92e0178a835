/**
 * Schemas of the single values a config is made of (image names, durations,
 * memory sizes, steps, globs). Each failure carries a plain-words message and,
 * where a fix is obvious, a hint in `params.hint` that issues.ts passes on.
 */
import { z } from 'zod';
import { parsePorts } from '../deploy/naming.js';
import { parseDuration, parseMemory, MIN_LOG_BYTES, MIN_MEMORY_BYTES } from './duration.js';
import { checkGlob, checkRelativePath } from './globs.js';
import { checkImageName } from './image-ref.js';
import { checkRuleImage } from './images/image-map.js';
import { withoutPlaceholders } from './matrix.js';
import { BACKEND_NAMES } from './types.js';

export interface Problem {
  message: string;
  hint?: string | undefined;
}

/** Adds `check` to `schema`; a returned Problem becomes one custom issue. */
export function refined<T extends z.ZodType>(schema: T, check: (value: z.output<T>) => Problem | undefined): T {
  return schema.superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: problem.hint ? { hint: problem.hint } : {}, input: value });
  }) as T;
}

// Control characters would corrupt terminal output, labels and file names.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const nonBlank = (what: string) =>
  refined(z.string(), (value) => (value.trim() === '' ? { message: `${what} must not be empty` } : undefined));

export const jobName = refined(z.string(), (value) => {
  if (value.trim() === '') return { message: 'job names must not be empty' };
  if (CONTROL.test(value)) return { message: 'job names must not contain control characters or line breaks' };
  // A job's log and artifacts are files named after it (model/job-files.ts); these name the run's own folders.
  if (value === '.' || value === '..') return { message: `\`${value}\` cannot be a job name`, hint: 'job names become file names of the run; pick a name with a letter in it' };
  return undefined;
});

/** Services are reached by name from the job, so the name must work as a hostname. */
export const serviceName = refined(z.string(), (value) =>
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(value)
    ? undefined
    : { message: `\`${value}\` is not a valid service name`, hint: 'the job reaches a service by name, so use lowercase letters, digits and `-`' },
);

export const envKey = refined(z.string(), (value) =>
  value === '' || value.includes('=') || CONTROL.test(value)
    ? { message: `\`${value}\` is not a valid variable name`, hint: 'names must be non-empty and contain no `=`' }
    : undefined,
);

/** Values are strings only: YAML turning `1.10` into `1.1` is exactly the surprise strictness avoids. */
export const envMap = z.record(envKey, z.string());

/** Image names may contain `${{ matrix.key }}`; the grammar is checked again after substitution. */
export const imageNameString = refined(z.string(), (value) => {
  const result = checkImageName(withoutPlaceholders(value));
  return result.ok ? undefined : { message: result.message, hint: result.hint };
});

/** The image of an image-map rule: an image name once its `*` are filled. */
export const imageRuleString = refined(z.string(), (value) => checkRuleImage(value));

/** A deploy image tag; `{sha}` and `{env}` are filled in at deploy time. */
export const deployTagString = refined(z.string(), (value) => {
  const result = checkImageName(value.replace(/\{(?:sha|env)\}/g, 'x'));
  return result.ok ? undefined : { message: result.message, hint: result.hint };
});

export const relativePath = refined(z.string(), (value) => checkRelativePath(value));
export const glob = refined(z.string(), (value) => checkGlob(value));

export const buildImage = z.strictObject({
  dockerfile: relativePath,
  target: nonBlank('target').optional(),
  context: relativePath.optional(),
  args: envMap.optional(),
});

export const imageSpec = z.union([imageNameString, buildImage]);

export const duration = z.union([
  z.number().positive(),
  refined(z.string(), (value) =>
    parseDuration(value) === undefined
      ? { message: `\`${value}\` is not a duration`, hint: "write seconds as a number, or a string such as '90s', '10m', '1h30m' or '500ms'" }
      : undefined,
  ),
]);

export const memory = refined(z.string(), (value) => {
  const bytes = parseMemory(value);
  if (bytes === undefined) return { message: `\`${value}\` is not a memory size`, hint: "write a number with a unit, such as '512m' or '2g'" };
  if (bytes < MIN_MEMORY_BYTES) return { message: `\`${value}\` is below Docker's minimum of 6m` };
  return undefined;
});

/** A job log's cap: small caps still keep a readable head and tail. */
export const logSize = refined(z.string(), (value) => {
  const bytes = parseMemory(value);
  if (bytes === undefined) return { message: `\`${value}\` is not a size`, hint: "write a number with a unit, such as '50m' or '512k'" };
  if (bytes < MIN_LOG_BYTES) return { message: `\`${value}\` is below the smallest log cap of 16k` };
  return undefined;
});

/** Docker counts threads as well as processes: a JVM or a test runner with workers needs dozens. */
export const pidsLimit = refined(z.number(), (value) =>
  Number.isInteger(value) && value >= MIN_PIDS
    ? undefined
    : { message: `\`${value}\` is not a process limit`, hint: `write a whole number of at least ${MIN_PIDS}, such as 4096` },
);
const MIN_PIDS = 8;

const stepText = refined(z.string(), (value) =>
  value.trim() === '' ? { message: 'step is blank', hint: 'remove it, or write the shell line to run' } : undefined,
);

export const step = z.union([
  stepText,
  z.strictObject({
    name: nonBlank('step name').optional(),
    run: stepText,
    timeout: duration.optional(),
    when: z.enum(['on-success', 'on-failure', 'always']).optional(),
    allowFailure: z.boolean().optional(),
    container: z.strictObject({ image: imageSpec }).optional(),
  }),
]);

export const pullPolicy = z.enum(['if-missing', 'always', 'never']);
export const backendName = z.enum(BACKEND_NAMES);
export const jobWhen = z.enum(['on-success', 'always', 'on-failure', 'manual']);
export const port = z.number().int().min(1).max(65535);

/** A deploy's published port as a string: `'8080'` or `'8080:80'`, read by deploy/naming.ts. */
export const portMapping = refined(z.string(), (value) => {
  try {
    parsePorts([value]);
    return undefined;
  } catch {
    return { message: `\`${value}\` is not a port`, hint: "write a port (8080) or a host:container pair ('8080:80')" };
  }
});

/** Matrix keys appear in `${{ matrix.key }}` and in job names, so they are identifiers. */
export const matrixKey = refined(z.string(), (value) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)
    ? undefined
    : { message: `\`${value}\` is not a valid matrix key`, hint: 'use letters, digits and `_`, not starting with a digit' },
);

const matrixValue = z.union([
  refined(z.string(), (value) => (CONTROL.test(value) ? { message: 'matrix values must not contain control characters' } : undefined)),
  z.number(),
]);

export const matrixValues = refined(z.array(matrixValue), (values) =>
  values.length === 0 ? { message: 'a matrix key needs at least one value', hint: 'list the values, or remove the key' } : undefined,
);

/** Notifications go to http(s) endpoints only; anything else is a typo or a file path. */
export const webhookUrl = refined(z.string(), (value) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { message: `"${value}" is not a URL`, hint: "write the whole address, such as 'https://hooks.example.com/ci'" };
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : { message: `a webhook must be an http or https URL, not ${url.protocol}` };
});

export const networkConfig = z.strictObject({
  inheritTrust: z.boolean().optional(),
  inheritProxy: z.boolean().optional(),
});
