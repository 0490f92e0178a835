/**
 * `hooks.prePush.coverage: { min, maxDrop }`: whether a run's line coverage may be pushed,
 * compared with the minimum and with the previous run on the same branch. A refusal says by
 * how much and names the files where the most lines went uncovered. Pure: numbers in, words out.
 */
import type { CoverageGate } from '../config/types.js';
import { percent, type CoverageCount, type FileCoverage } from './test-report.js';

export interface CoverageSide {
  lines: CoverageCount;
  /** Per file; empty when the run kept none (a cached job). */
  files: readonly FileCoverage[];
  /** Names the run in messages (`run 20261202-…`). */
  label: string;
}

export interface CoverageVerdict {
  /** One sentence per broken rule; empty: the push may go. */
  problems: string[];
  /** Files with the most newly uncovered lines, worst first, as `src/a.ts: 12 more lines not covered (90.0% → 70.0%)`. */
  losers: string[];
}

const LOSERS_SHOWN = 5;

export function judgeCoverage(gate: CoverageGate, now: CoverageSide | undefined, before: CoverageSide | undefined): CoverageVerdict {
  const current = percent(now?.lines);
  if (!now || current === undefined) {
    return { problems: ['no job reported line coverage, so `hooks.prePush.coverage` cannot be checked (set `reports.coverage` on the job that measures it)'], losers: [] };
  }
  const problems: string[] = [];
  if (gate.min !== undefined && current < gate.min) {
    problems.push(`line coverage is ${current.toFixed(1)}%, ${points(gate.min - current)} below the minimum of ${gate.min}%`);
  }
  const previous = percent(before?.lines);
  if (gate.maxDrop !== undefined && previous !== undefined && previous - current > gate.maxDrop) {
    problems.push(`line coverage fell ${points(previous - current)} (${previous.toFixed(1)}% in ${before!.label} → ${current.toFixed(1)}%), more than the ${points(gate.maxDrop)} allowed`);
  }
  return { problems, losers: problems.length > 0 && before ? losers(now.files, before.files) : [] };
}

/** Files by how many more lines are uncovered than before (new files count all theirs). */
function losers(now: readonly FileCoverage[], before: readonly FileCoverage[]): string[] {
  const earlier = new Map(before.map((file) => [file.file, file]));
  return now
    .map((file) => {
      const was = earlier.get(file.file);
      const uncovered = file.lines.total - file.lines.covered;
      const wasUncovered = was ? was.lines.total - was.lines.covered : 0;
      return { file, was, lost: uncovered - wasUncovered };
    })
    .filter((entry) => entry.lost > 0)
    .sort((a, b) => b.lost - a.lost || a.file.file.localeCompare(b.file.file))
    .slice(0, LOSERS_SHOWN)
    .map(({ file, was, lost }) => {
      const from = percent(was?.lines);
      const to = percent(file.lines) ?? 0;
      const change = from === undefined ? `new, ${to.toFixed(1)}%` : `${from.toFixed(1)}% → ${to.toFixed(1)}%`;
      return `${file.file}: ${lost} more ${lost === 1 ? 'line' : 'lines'} not covered (${change})`;
    });
}

function points(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'point' : 'points'}`;
}
