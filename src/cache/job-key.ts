/**
 * A job's cache key: everything that can change what the job does. Two runs
 * with the same key would run the same steps, in the same image, on the same
 * input files, after the same upstream jobs, so a key that passed once is a
 * pass again. Values that differ on every run (run id, commit sha) stay out, or
 * nothing would ever be cached; jobs that print them print the first run's.
 */
import type { Job } from '../model/pipeline.js';
import { globMatcher } from '../util/glob-matcher.js';
import { sha256 } from './file-digests.js';

/** Predefined variables that change on every run or commit without changing the work. */
export const VOLATILE_VARIABLES = new Set(['CI_PIPELINE_ID', 'CI_COMMIT_SHA', 'CI_COMMIT_SHORT_SHA', 'CI_COMMIT_BRANCH']);
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
  const { job } = parts;
  const env = Object.entries(parts.env)
    .filter(([name]) => !VOLATILE_VARIABLES.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const inputs = inputFiles(job, [...parts.digests.keys()]).map((file) => `${file}\0${parts.digests.get(file)}`);
  // Retry counts, time and process limits change how a job is run, not what it produces.
  const { retry: _retry, timeoutMs: _timeout, allowFailure: _allowed, allowFailureExitCodes: _allowedCodes, pidsLimit: _pids, ...definition } = job;
  return sha256(JSON.stringify({ v: KEY_VERSION, definition, image: parts.imageId, env, inputs, upstream: [...parts.upstreamKeys].sort() }));
}

/** The files a job reads: those matching its `inputs` globs, or every file without any. */
export function inputFiles(job: Job, files: readonly string[]): string[] {
  const sorted = [...files].sort();
  if (job.inputs.length === 0) return sorted;
  return sorted.filter(globMatcher(job.inputs));
}
