/**
 * Flaky jobs over the history: a job that both passed and failed with one cache key ran the same
 * steps, in the same image, on the same input files, and still came out differently. The key each
 * job ran with is in its run's record (`jobKeys`); runs recorded before that field count for nothing.
 */
import type { JobStatus } from '../run/events.js';
import type { StoredRun } from './run-store.js';

export interface FlakyJob {
  job: string;
  /** The cache keys the job both passed and failed with. */
  keys: Set<string>;
  /** Runs where it passed on such a key, then those where it failed, newest first. */
  passedIn: string[];
  failedIn: string[];
}

const PASSED: ReadonlySet<JobStatus> = new Set(['passed', 'cached']);
// An allowed failure is still the job failing: only the run let it through.
const FAILED: ReadonlySet<JobStatus> = new Set(['failed', 'allowed-failure', 'timed-out']);

/** By job name, the jobs that passed and failed on the same inputs; `runs` newest first. */
export function flakyJobs(runs: readonly StoredRun[]): Map<string, FlakyJob> {
  const outcomes = new Map<string, { job: string; key: string; passedIn: string[]; failedIn: string[] }>();
  for (const run of runs) {
    for (const result of run.record.jobs) {
      const key = run.record.jobKeys?.[result.job];
      const side = PASSED.has(result.status) ? 'passedIn' : FAILED.has(result.status) ? 'failedIn' : undefined;
      if (key === undefined || side === undefined) continue;
      const id = `${result.job}\0${key}`;
      const entry = outcomes.get(id) ?? { job: result.job, key, passedIn: [], failedIn: [] };
      entry[side].push(run.id);
      outcomes.set(id, entry);
    }
  }
  const flaky = new Map<string, FlakyJob>();
  for (const { job, key, passedIn, failedIn } of outcomes.values()) {
    if (passedIn.length === 0 || failedIn.length === 0) continue;
    const entry = flaky.get(job) ?? { job, keys: new Set(), passedIn: [], failedIn: [] };
    entry.keys.add(key);
    entry.passedIn.push(...passedIn);
    entry.failedIn.push(...failedIn);
    flaky.set(job, entry);
  }
  return flaky;
}

/** Whether the job's result in this run is one of a flaky key's outcomes. */
export function flakyIn(flaky: ReadonlyMap<string, FlakyJob>, run: StoredRun, job: string): boolean {
  const key = run.record.jobKeys?.[job];
  return key !== undefined && flaky.get(job)?.keys.has(key) === true;
}

/** The jobs of `run` whose result here was flaky, in the record's order. */
export function flakyJobsOf(flaky: ReadonlyMap<string, FlakyJob>, run: StoredRun): string[] {
  return run.record.jobs.map((result) => result.job).filter((job) => flakyIn(flaky, run, job));
}

/** `unit: passed in run A, failed in run B on the same inputs` (the newest of each). */
export function flakyText(entry: FlakyJob): string {
  return `${entry.job}: passed in run ${entry.passedIn[0]} and failed in run ${entry.failedIn[0]} on the same inputs`;
}
