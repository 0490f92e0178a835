/**
 * The history as the page reads it: each recorded run with its trigger, commit, branch, result,
 * duration, job results (`flaky` when the job passed and failed on the same inputs) and coverage
 * (with its change on the branch), newest first.
 */
import { coverageTrend } from '../history/coverage-trend.js';
import { flakyIn, flakyJobs } from '../history/flaky-jobs.js';
import type { FinalRunsCache } from '../history/final-runs-cache.js';
import type { StoredRun } from '../history/run-store.js';

/** Runs the page gets: enough for trends, small enough for a fast first paint. */
const RUNS_SHOWN = 200;

/**
 * The answer as JSON text, made again only when a run started, ended or went: page loads of a
 * settled history reuse it (one answer of 50 runs of a 200-job pipeline is about 1 MB).
 */
export class HistoryAnswer {
  private last?: { runs: StoredRun[]; json: string };

  constructor(private readonly store: FinalRunsCache) {}

  async json(): Promise<string> {
    const runs = await this.store.list();
    const last = this.last;
    // The store hands back the same object for a run whose record did not change.
    if (last && last.runs.length === runs.length && last.runs.every((run, index) => run === runs[index])) return last.json;
    const json = JSON.stringify(historyJson(runs));
    // A running run changes without its record changing (its length, its process gone): never kept.
    this.last = runs.some((run) => run.status === 'running' || run.record.status === 'running') ? undefined : { runs, json };
    return json;
  }
}

export function historyJson(runs: StoredRun[]) {
  const coverage = coverageTrend(runs);
  const flaky = flakyJobs(runs);
  return runs.slice(0, RUNS_SHOWN).map((run) => ({
    id: run.id,
    status: run.status,
    trigger: run.record.trigger,
    commit: run.record.commit,
    branch: run.record.branch,
    dirty: run.record.dirty,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    // What the trends draw, no more: a history of long pipelines stays a small answer.
    jobs: run.record.jobs.map((result) => ({
      job: result.job,
      status: result.status,
      durationMs: result.durationMs,
      ...(result.coverage ? { coverage: { lines: result.coverage.lines } } : {}),
      ...(flakyIn(flaky, run, result.job) ? { flaky: true } : {}),
    })),
    coverage: coverage.get(run.id) && { lines: coverage.get(run.id)!.lines, change: coverage.get(run.id)!.change },
  }));
}
