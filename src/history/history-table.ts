/**
 * The `ci history` table: one row per run, newest first. Pure (runs in, text
 * out) so the layout is tested without files or a terminal.
 */
import { statusSymbol } from '../report/status-text.js';
import type { JobResult } from '../run/events.js';
import type { Palette } from '../util/color.js';
import { formatDuration } from '../util/duration.js';
import { coveragePointText, type CoveragePoint } from './coverage-trend.js';
import { flakyIn, flakyText, type FlakyJob } from './flaky-jobs.js';
import type { RunState } from './run-state.js';
import type { StoredRun } from './run-store.js';

const RUN_SYMBOL: Record<RunState, string> = { passed: '✓', failed: '✗', interrupted: '⊘', error: '!', running: '●' };

export function runStateText(state: RunState, colors: Palette): string {
  const text = `${RUN_SYMBOL[state]} ${state}`;
  if (state === 'passed') return colors.green(text);
  if (state === 'failed' || state === 'error') return colors.red(text);
  if (state === 'interrupted') return colors.yellow(text);
  return colors.cyan(text);
}

export function shortCommit(run: StoredRun): string {
  const commit = run.record.commit?.slice(0, 8) ?? '—';
  // `+`: the run saw uncommitted changes on top of the commit.
  return run.record.dirty ? `${commit}+` : commit;
}

export function localTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function jobResultOf(run: StoredRun, job: string): JobResult | undefined {
  return run.record.jobs.find((result) => result.job === job);
}

function jobCell(run: StoredRun, job: string, colors: Palette, flaky: ReadonlyMap<string, FlakyJob>): string {
  const result = jobResultOf(run, job);
  if (!result) return colors.dim(run.status === 'running' ? 'not finished' : 'did not finish');
  const time = result.status === 'skipped' || result.status === 'cached' ? '' : ` ${formatDuration(result.durationMs)}`;
  const mark = flakyIn(flaky, run, job) ? ` ${colors.yellow('flaky')}` : '';
  return `${statusSymbol(result.status, colors)} ${result.status}${result.exitCode ? ` (exit ${result.exitCode})` : ''}${time}${mark}`;
}

/**
 * `coverage`: each run's coverage point (coverage-trend.ts); the column shows when a run has one.
 * `flaky`: the jobs that passed and failed on the same inputs (flaky-jobs.ts), listed under the
 * table when a shown run has such a result, and marked in the `--job` column.
 */
export function formatHistory(runs: readonly StoredRun[], colors: Palette, job?: string, coverage: ReadonlyMap<string, CoveragePoint> = new Map(), flaky: ReadonlyMap<string, FlakyJob> = new Map()): string {
  const withCoverage = runs.some((run) => coverage.has(run.id));
  const header = ['RUN', 'STARTED', 'COMMIT', 'BRANCH', 'TRIGGER', 'RESULT', 'DURATION', ...(withCoverage ? ['COVERAGE'] : []), ...(job ? [job] : [])];
  const rows = runs.map((run) => [
    run.id,
    localTime(run.startedAt),
    shortCommit(run),
    run.record.branch ?? '—',
    run.record.trigger,
    runStateText(run.status, colors),
    run.durationMs === undefined ? (run.status === 'running' ? formatDuration(Date.now() - run.startedAt) + '…' : '—') : formatDuration(run.durationMs),
    ...(withCoverage ? [coverageCell(coverage.get(run.id), colors)] : []),
    ...(job ? [jobCell(run, job, colors, flaky)] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => visibleLength(row[column]!))));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column]!))).join('  ').trimEnd();
  return [colors.bold(line(header)), ...rows.map(line), ...flakyLines(runs, colors, flaky)].join('\n') + '\n';
}

/** The flaky jobs among the shown runs' results, one line each after a blank line. */
function flakyLines(runs: readonly StoredRun[], colors: Palette, flaky: ReadonlyMap<string, FlakyJob>): string[] {
  const shown = [...flaky.values()].filter((entry) => runs.some((run) => flakyIn(flaky, run, entry.job)));
  if (shown.length === 0) return [];
  return ['', colors.yellow('Flaky jobs (passed and failed on the same inputs):'), ...shown.map((entry) => `  ${flakyText(entry)}`)];
}

function coverageCell(point: CoveragePoint | undefined, colors: Palette): string {
  const text = coveragePointText(point);
  if (point?.change === undefined || point.change === 0) return text;
  return point.change > 0 ? colors.green(text) : colors.red(text);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}
