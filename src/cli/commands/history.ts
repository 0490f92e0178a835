/** `ci history [--job J] [--limit N] [--json]`: the recorded runs, newest first. */
import { ExitCode, UsageError } from '../../errors.js';
import { formatHistory, jobResultOf } from '../../history/history-table.js';
import { coverageTrend, type CoveragePoint } from '../../history/coverage-trend.js';
import { flakyJobs, flakyJobsOf, type FlakyJob } from '../../history/flaky-jobs.js';
import { suggestName } from '../../history/job-logs.js';
import { listRuns, type StoredRun } from '../../history/run-store.js';
import { findProjectState } from '../../state/find-project-state.js';
import type { GlobalOptions } from '../global-options.js';
import { commandCwd } from '../load.js';
import { stdoutColors } from '../terminal.js';

export interface HistoryOptions extends GlobalOptions {
  job?: string;
  limit?: number;
}

const DEFAULT_LIMIT = 20;

export async function historyCommand(options: HistoryOptions): Promise<number> {
  const root = (await findProjectState(commandCwd(options)))?.root;
  const all = root === undefined ? [] : await listRuns(root);
  // Every run counts as an earlier run on its branch, those the options leave out too.
  const coverage = coverageTrend(all);
  const flaky = flakyJobs(all);
  let runs = all;
  if (options.job !== undefined) runs = withJob(runs, options.job);
  runs = runs.slice(0, options.limit ?? DEFAULT_LIMIT);
  if (options.json) {
    process.stdout.write(JSON.stringify(runs.map((run) => historyEntry(run, options.job, coverage.get(run.id), flaky)), null, 2) + '\n');
    return ExitCode.ok;
  }
  if (runs.length === 0) {
    process.stdout.write('No runs recorded yet. Every `ci run`, pushed commit and watch run is kept (`ci cache dir` shows where).\n');
    return ExitCode.ok;
  }
  process.stdout.write(formatHistory(runs, stdoutColors(), options.job, coverage, flaky));
  return ExitCode.ok;
}

/** Runs that planned the job; a name no run knows is a typo, so say which names exist. */
function withJob(runs: readonly StoredRun[], job: string): StoredRun[] {
  const planned = (run: StoredRun) => [...(run.record.plan?.map((entry) => entry.job) ?? []), ...run.record.jobs.map((result) => result.job)];
  const matching = runs.filter((run) => planned(run).includes(job));
  if (matching.length > 0 || runs.length === 0) return matching;
  const known = [...new Set(runs.flatMap(planned))];
  const suggestion = suggestName(job, known);
  throw new UsageError(`No recorded run has a job "${job}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`, known.length > 0 ? `Jobs in the history: ${known.join(', ')}.` : undefined);
}

/**
 * One run for `--json`: the stored record with its current status (interrupted runs say so), and
 * `flaky`: its jobs whose result here is one of a pass and a failure on the same inputs.
 */
export function historyEntry(run: StoredRun, job?: string, coverage?: CoveragePoint, flaky: ReadonlyMap<string, FlakyJob> = new Map()) {
  const { record } = run;
  const flakyHere = flakyJobsOf(flaky, run);
  return {
    id: run.id,
    status: run.status,
    trigger: record.trigger,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: run.durationMs,
    commit: record.commit,
    branch: record.branch,
    dirty: record.dirty,
    configHash: record.configHash,
    dir: run.dir,
    ...(record.coverage ? { coverage: { ...record.coverage, linesPercent: coverage?.lines, change: coverage?.change } } : {}),
    ...(flakyHere.length > 0 ? { flaky: flakyHere } : {}),
    ...(job === undefined ? { jobs: record.jobs } : { job: jobResultOf(run, job) ?? null }),
  };
}
