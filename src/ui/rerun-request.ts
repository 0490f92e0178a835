/**
 * What the page may ask to re-run, checked against the project's own history: one job by name
 * (`{ "job": "unit" }`) or the failed jobs of one recorded run (`{ "failedOf": "<run id>" }`). A job
 * name is accepted only when a recorded run of this project planned it, so nothing from a request
 * reaches the run but the name of a job the project has.
 */
import { listRuns, type StoredRun } from '../history/run-store.js';

export interface Rerun {
  jobs: string[];
  /** One job asked for by name runs even when an identical pass is cached; failed jobs never are. */
  fresh: boolean;
}

export type RerunVerdict = { ok: true; rerun: Rerun } | { ok: false; status: 400 | 404 | 409; error: string };

const FAILED = new Set(['failed', 'timed-out']);

export async function resolveRerun(root: string, body: unknown): Promise<RerunVerdict> {
  const ask = (body ?? {}) as { job?: unknown; failedOf?: unknown };
  const runs = await listRuns(root);
  if (typeof ask.job === 'string') {
    if (!knownJobs(runs).has(ask.job)) return { ok: false, status: 404, error: `"${ask.job}" is not a job of this project's runs` };
    return { ok: true, rerun: { jobs: [ask.job], fresh: true } };
  }
  if (typeof ask.failedOf === 'string') {
    const run = runs.find((candidate) => candidate.id === ask.failedOf);
    if (!run) return { ok: false, status: 404, error: 'no such run in this project' };
    const failed = run.record.jobs.filter((result) => FAILED.has(result.status)).map((result) => result.job);
    if (failed.length === 0) return { ok: false, status: 409, error: `run ${run.id} has no failed jobs` };
    return { ok: true, rerun: { jobs: failed, fresh: false } };
  }
  return { ok: false, status: 400, error: 'ask for { "job": name } or { "failedOf": run id }' };
}

function knownJobs(runs: readonly StoredRun[]): Set<string> {
  return new Set(runs.flatMap((run) => [...(run.record.plan?.map((entry) => entry.job) ?? []), ...run.record.jobs.map((result) => result.job)]));
}
