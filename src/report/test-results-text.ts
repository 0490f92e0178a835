/**
 * Test counts, failed test cases and coverage as text, the one way the run summary, `ci show`
 * and the pre-push hook's refusal say them. Test names and messages are job text: they go
 * through the caller's terminal gate (terminal-text.ts).
 */
import type { JobResult } from '../run/events.js';
import { percent, type CoverageTotals, type TestCounts } from '../test-reports/test-report.js';
import type { Palette } from '../util/color.js';
import type { JobText } from './terminal-text.js';

/** Failed cases listed per job; the report files (and `ci show`) hold the rest. */
const FAILURES_SHOWN = 5;

/** `4 tests, 2 failed, 1 skipped`. */
export function testCountsText(tests: TestCounts): string {
  const parts = [`${tests.total} ${tests.total === 1 ? 'test' : 'tests'}`];
  if (tests.failed > 0) parts.push(`${tests.failed} failed`);
  if (tests.skipped > 0) parts.push(`${tests.skipped} skipped`);
  return parts.join(', ');
}

/** `lines 83.3%, branches 66.6%`; undefined when the report had nothing to cover. */
export function coverageText(coverage: CoverageTotals | undefined): string | undefined {
  const lines = percent(coverage?.lines);
  if (lines === undefined) return undefined;
  const branches = percent(coverage?.branches);
  return `lines ${lines.toFixed(1)}%${branches === undefined ? '' : `, branches ${branches.toFixed(1)}%`}`;
}

/** ` · 4 tests, 2 failed · coverage lines 83.3%`: what a job's reports add to its summary row. */
export function reportSuffix(result: JobResult): string {
  const coverage = coverageText(result.coverage);
  return (result.tests ? ` · ${testCountsText(result.tests)}` : '') + (coverage ? ` · coverage ${coverage}` : '');
}

/**
 * The failed test cases of a job, one block each: `✗ suite › name` and the first lines of
 * its message, indented by `indent`.
 */
export function failedTestLines(result: JobResult, colors: Palette, jobText: JobText, indent = '    ', limit = FAILURES_SHOWN): string[] {
  const tests = result.tests;
  if (!tests || tests.failures.length === 0) return [];
  const lines: string[] = [];
  for (const failure of tests.failures.slice(0, limit)) {
    const title = failure.suite && !failure.name.startsWith(failure.suite) ? `${failure.suite} › ${failure.name}` : failure.name;
    lines.push(`${indent}${colors.red('✗')} ${colors.bold(jobText(title))}`);
    for (const line of failure.message.split('\n').filter((text) => text !== '')) lines.push(`${indent}    ${colors.dim(jobText(line))}`);
  }
  const more = tests.failed - Math.min(limit, tests.failures.length);
  if (more > 0) lines.push(`${indent}${colors.dim(`… and ${more} more failed ${more === 1 ? 'test' : 'tests'}`)}`);
  return lines;
}
