/**
 * The job-result cache as one run uses it. Keys depend only on what is known
 * before anything runs (definition, image id, environment, input files, and
 * upstream keys), so every hit is found up front: hit jobs never start, and
 * when every job hits, the run needs no snapshot and starts no container.
 */
import path from 'node:path';
import { jobKey } from '../cache/job-key.js';
import { ResultCache } from '../cache/result-cache.js';
import { imageKey } from '../model/image-ref.js';
import type { Job } from '../model/pipeline.js';
import type { Plan } from '../plan/plan.js';
import type { SourceTree } from '../source/source-tree.js';
import type { JobResult } from './events.js';

export interface RunCache {
  /** Results of the jobs whose key already passed, with their artifacts restored. */
  hits: Map<string, JobResult>;
  /** Each job's key, for the jobs whose image and upstream jobs were known before the run. */
  keys: ReadonlyMap<string, string>;
  /** Stores a passed job (and its artifacts) under its key. */
  remember(result: JobResult, runId: string): Promise<void>;
  /** Trims the cache to its size cap when this run added to it. */
  settle(): Promise<void>;
}

export interface CacheInputs {
  root: string;
  plan: Plan;
  tree: SourceTree;
  imageIds: ReadonlyMap<string, string>;
  envOf(job: Job): Record<string, string>;
  artifactsOf(job: string): string;
  /** Says why a hit became a miss (its artifacts could not be restored). */
  warn(job: string, message: string, hint?: string): void;
  /** Jobs whose key is given (install jobs: their layer's key); they are never looked up or stored here. */
  fixedKeys?: ReadonlyMap<string, string>;
  /** false (`--no-cache`): the keys are still worked out, for the record, but nothing is looked up or stored. */
  useCache?: boolean;
}

export async function openRunCache(inputs: CacheInputs): Promise<RunCache> {
  const useCache = inputs.useCache !== false;
  // --no-cache opens nothing: the project's results folder is neither made nor read.
  const cache = useCache ? await ResultCache.open(inputs.root) : undefined;
  // The keys the source tree already has: git's blob ids, read only for edited files.
  const digests = new Map([...inputs.tree.entries].map(([name, entry]) => [name, entry.key]));
  const keys = new Map<string, string>();
  for (const job of inputs.plan.jobs) {
    // An image still to be built from a Dockerfile has no id yet: such a job runs (and is keyed next time).
    const fixed = inputs.fixedKeys?.get(job.name);
    if (fixed !== undefined) {
      keys.set(job.name, fixed);
      continue;
    }
    const imageId = imagesIdOf(job, inputs.imageIds);
    const upstream = (inputs.plan.needs.get(job.name) ?? []).map((dep) => keys.get(dep));
    if (imageId === undefined || upstream.some((key) => key === undefined)) continue;
    keys.set(job.name, jobKey({ job, imageId, env: inputs.envOf(job), digests, upstreamKeys: upstream as string[] }));
  }

  const hits = cache ? await findHits(cache, keys, inputs) : new Map<string, JobResult>();

  let stored = false;
  return {
    hits,
    keys,
    remember: async (result, runId) => {
      const key = keys.get(result.job);
      if (!cache || key === undefined || result.status !== 'passed' || inputs.fixedKeys?.has(result.job)) return;
      const { tests, coverage } = result;
      const entry = { key, job: result.job, runId, passedAt: new Date().toISOString(), durationMs: result.durationMs, imageId: result.imageId, ...(tests ? { tests } : {}), ...(coverage ? { coverage } : {}) };
      await cache.store(entry, inputs.artifactsOf(result.job));
      stored = true;
    },
    settle: async () => {
      if (stored) await cache?.prune();
    },
  };
}

/** Results of the jobs whose key already passed, their artifacts put back for the jobs that need them. */
async function findHits(cache: ResultCache, keys: ReadonlyMap<string, string>, inputs: CacheInputs): Promise<Map<string, JobResult>> {
  const hits = new Map<string, JobResult>();
  for (const job of inputs.plan.jobs) {
    const key = keys.get(job.name);
    if (key === undefined || inputs.fixedKeys?.has(job.name)) continue;
    const found = await cache.lookup(key);
    if (!found) continue;
    const target = inputs.artifactsOf(job.name);
    try {
      await cache.restore(found, target, path.dirname(target));
    } catch (error) {
      // A hit without its artifacts would pass a job whose dependents then miss its files: run it instead.
      const reason = error instanceof Error ? error.message : String(error);
      inputs.warn(job.name, `the cached result of job "${job.name}" could not be restored (${reason}), so it runs again.`);
      await cache.forget(key).catch(() => undefined);
      continue;
    }
    const { tests, coverage } = found.entry;
    hits.set(job.name, { job: job.name, status: 'cached', reason: `passed in run ${found.entry.runId}`, durationMs: 0, attempts: 0, imageId: found.entry.imageId, ...(tests ? { tests } : {}), ...(coverage ? { coverage } : {}) });
  }
  return hits;
}

/** The id of the job's image, joined with those of its container steps' images; undefined while one is not known. */
function imagesIdOf(job: Job, imageIds: ReadonlyMap<string, string>): string | undefined {
  const ids = [job.image, ...job.steps.flatMap((step) => (step.container === undefined ? [] : [step.container.image]))].map((image) => imageIds.get(imageKey(image)));
  return ids.some((id) => id === undefined) ? undefined : ids.join('+');
}
