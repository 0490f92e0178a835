/**
 * What a job's test reports say, in the shape every sink stores and shows: the counts and the
 * failed test cases from its JUnit files, and the line/branch totals of its coverage file.
 * Failure text is job text (a test's message): it is masked with the rest (run/masked-job.ts)
 * and goes through the terminal gate where a terminal shows it (report/terminal-text.ts).
 */

export interface TestFailure {
  /** The test suite (file, describe block or class) as the report names it. */
  suite: string;
  name: string;
  /** The first lines of the failure's message; empty when the report gives none. */
  message: string;
}

export interface TestCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** The first failed cases, in report order (at most MAX_FAILURES_KEPT). */
  failures: TestFailure[];
}

export interface CoverageCount {
  covered: number;
  total: number;
}

export interface CoverageTotals {
  lines: CoverageCount;
  /** Absent when the file says nothing about branches. */
  branches?: CoverageCount;
}

/** Per source file, for telling where lines were lost (`hooks.prePush.coverage`). */
export interface FileCoverage extends CoverageTotals {
  file: string;
}

export interface CoverageReport extends CoverageTotals {
  files: FileCoverage[];
}

/** A run keeps the first failures of each job; the report files hold the rest. */
export const MAX_FAILURES_KEPT = 20;
/** Lines of a failure's message kept: enough to see what was expected, short enough for a summary. */
export const MESSAGE_LINES_KEPT = 5;
const MESSAGE_LINE_CHARS = 300;

/** The first non-blank lines of a message, each cut to a readable length. */
export function firstLines(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, MESSAGE_LINES_KEPT)
    .map((line) => (line.length > MESSAGE_LINE_CHARS ? `${line.slice(0, MESSAGE_LINE_CHARS - 1)}…` : line))
    .join('\n');
}

/** Percent with one decimal, or undefined when there is nothing to cover. */
export function percent(count: CoverageCount | undefined): number | undefined {
  if (!count || count.total === 0) return undefined;
  return Math.floor((count.covered / count.total) * 1000) / 10;
}

export function addCounts(a: CoverageCount | undefined, b: CoverageCount | undefined): CoverageCount | undefined {
  if (!a) return b;
  if (!b) return a;
  return { covered: a.covered + b.covered, total: a.total + b.total };
}
