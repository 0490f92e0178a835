/** The one run a watch session has in flight, and what its cancellation leaves to do. */
import type { JobResult } from '../../run/events.js';

export interface ActiveRun {
  jobs: Set<string>;
  /** Started by `r`: the result cache is not consulted, so the jobs really run. */
  fresh: boolean;
  finished: Set<string>;
  controller: AbortController;
  done: Promise<void>;
}

/** Results that stand until the job's inputs change: their artifacts can be reused. */
export const SETTLED = new Set<JobResult['status']>(['passed', 'cached', 'allowed-failure']);

/** Jobs a cancelled run did not finish (or finished as cancelled): they run again. */
export function cutShort(run: ActiveRun, lastResults: ReadonlyMap<string, JobResult>): string[] {
  return [...run.jobs].filter((job) => !run.finished.has(job) || lastResults.get(job)?.status === 'cancelled');
}
