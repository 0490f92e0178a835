/**
 * A job's cache key: everything that can change what the job does. Two runs
 * with the same key would run the same steps, in the same image, on the same
 * input files, after the same upstream jobs, so a key that passed once is a
 * pass again. Values that differ on every run, commit or branch (run id, commit
 * sha, branch name) count only for a job that names them: see VOLATILE_VARIABLES.
 */
import type { Job } from '../model/pipeline.js';
import { globMatcher } from '../util/glob-matcher.js';
import { sha256 } from './file-digests.js';

/**
 * Predefined variables that change on every run, commit or branch. Every job can see them, but
 * most never look: a test suite passes the same on `main` and on `fix-typo`. So each counts in a
 * job's key only when the job's definition names it (a script that echoes `$CI_COMMIT_REF_NAME`,
 * tags an image with `$CI_COMMIT_SHORT_SHA`): such a job's result does depend on it and is not
 * reused across commits or branches. Keying every job by them would make an imported pipeline
 * miss the cache on every new branch; keying none would hand a job that prints the branch the
 * first branch's output. What stays possible is a tool that reads one by itself without the job
 * naming it (a release tool reading CI_COMMIT_TAG): such a job should name it, or list `inputs`.
 */
export const VOLATILE_VARIABLES = new Set([
  'CI_PIPELINE_ID', 'CI_COMMIT_SHA', 'CI_COMMIT_SHORT_SHA', 'CI_COMMIT_BRANCH', 'CI_COMMIT_REF_NAME', 'CI_COMMIT_REF_SLUG', 'CI_COMMIT_TAG',
]);
const KEY_VERSION = 1;

export interface KeyParts {
  job: Job;
  imageId: string;
  env: Record<string, string>;
  /** Digest of every file of the source tree. */
  digests: ReadonlyMap<string, string>;
  /** Keys of the jobs this one needs, directly. */
  upstreamKeys: readonly string[];
}

export function jobKey(parts: KeyParts): string {
  const job = withoutVolatile(parts.job);
  const named = namedVolatile(job);
  const env = Object.entries(parts.env)
    .filter(([name]) => !VOLATILE_VARIABLES.has(name) || named.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const inputs = inputFiles(job, [...parts.digests.keys()]).map((file) => `${file}\0${parts.digests.get(file)}`);
  // Retry counts, time and process limits change how a job is run, not what it produces.
  const { retry: _retry, timeoutMs: _timeout, allowFailure: _allowed, allowFailureExitCodes: _allowedCodes, pidsLimit: _pids, ...definition } = job;
  return sha256(JSON.stringify({ v: KEY_VERSION, definition, image: parts.imageId, env, inputs, upstream: [...parts.upstreamKeys].sort() }));
}

/** The job without the volatile variables set on it and its services (the importer sets the branch ones). */
function withoutVolatile(job: Job): Job {
  const strip = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([name]) => !VOLATILE_VARIABLES.has(name)));
  return { ...job, env: strip(job.env), services: job.services.map((service) => ({ ...service, env: strip(service.env) })) };
}

/** The volatile variables the job's steps, variables, services or settings name. */
function namedVolatile(job: Job): Set<string> {
  const text = JSON.stringify(job);
  return new Set([...VOLATILE_VARIABLES].filter((name) => new RegExp(`\\b${name}\\b`).test(text)));
}

/** The files a job reads: those matching its `inputs` globs, or every file without any. */
export function inputFiles(job: Job, files: readonly string[]): string[] {
  const sorted = [...files].sort();
  if (job.inputs.length === 0) return sorted;
  return sorted.filter(globMatcher(job.inputs));
}
