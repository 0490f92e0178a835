/**
 * Whether one run says a commit is good or bad for `ci bisect`. With a job
 * named, only that job counts (a flaky neighbour must not move the search); its
 * failure counts even when the config allows it, since that failure is what is
 * being hunted; and a job that could not run because something it needs broke
 * cannot be judged: `skip`. Without a job, the run's result decides.
 */
import type { JobResult, RunStatus } from '../run/events.js';
import type { Verdict } from './bisect-search.js';

export function verdictOf(status: RunStatus, results: readonly JobResult[], targets: ReadonlySet<string> | undefined): Verdict {
  if (!targets) return status === 'passed' ? 'good' : 'bad';
  const mine = results.filter((result) => targets.has(result.job));
  if (mine.some((result) => result.status === 'failed' || result.status === 'timed-out' || result.status === 'allowed-failure')) return 'bad';
  if (mine.length > 0 && mine.every((result) => result.status === 'passed' || result.status === 'cached')) return 'good';
  return 'skip';
}
