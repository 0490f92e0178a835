/**
 * Coverage over the history: each run's line coverage and its change against the previous run
 * on the same branch that has coverage (runs outside git share the branch `undefined`).
 */
import { percent } from '../test-reports/test-report.js';
import type { StoredRun } from './run-store.js';

export interface CoveragePoint {
  /** Line coverage in percent. */
  lines: number;
  /** Percentage points against the previous run on the branch; absent when there is none. */
  change?: number;
  /** The run compared with. */
  previous?: StoredRun;
}

/** The run before `run` on its branch that recorded coverage, in a list newest first. */
export function previousWithCoverage(runs: readonly StoredRun[], run: StoredRun): StoredRun | undefined {
  const index = runs.indexOf(run);
  const older = index < 0 ? runs.filter((other) => other.startedAt < run.startedAt) : runs.slice(index + 1);
  return older.find((other) => other.record.branch === run.record.branch && other.record.coverage !== undefined && other.status !== 'running');
}

/** By run id, for every run that recorded coverage; `runs` newest first. */
export function coverageTrend(runs: readonly StoredRun[]): Map<string, CoveragePoint> {
  const points = new Map<string, CoveragePoint>();
  for (const run of runs) {
    const lines = percent(run.record.coverage?.lines);
    if (lines === undefined) continue;
    const previous = previousWithCoverage(runs, run);
    const before = percent(previous?.record.coverage?.lines);
    points.set(run.id, { lines, ...(before === undefined ? {} : { change: Math.round((lines - before) * 10) / 10, previous }) });
  }
  return points;
}

/** `83.3% (+1.2)`, `83.3% (=)`, `83.3%`. */
export function coveragePointText(point: CoveragePoint | undefined): string {
  if (!point) return '—';
  const change = point.change === undefined ? '' : point.change === 0 ? ' (=)' : ` (${point.change > 0 ? '+' : ''}${point.change.toFixed(1)})`;
  return `${point.lines.toFixed(1)}%${change}`;
}
