/**
 * A run's coverage: the line and branch totals of every job's coverage file added up. Two jobs
 * that cover the same files count them twice; a pipeline usually has one coverage job.
 */
import type { JobResult } from '../run/events.js';
import { addCounts, type CoverageCount, type CoverageTotals } from './test-report.js';

export function totalCoverage(results: readonly JobResult[]): CoverageTotals | undefined {
  let lines: CoverageCount | undefined;
  let branches: CoverageCount | undefined;
  for (const result of results) {
    lines = addCounts(lines, result.coverage?.lines);
    branches = addCounts(branches, result.coverage?.branches);
  }
  return lines ? { lines, ...(branches ? { branches } : {}) } : undefined;
}
