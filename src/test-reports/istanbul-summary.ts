/**
 * istanbul's `coverage-summary.json` (the `json-summary` reporter of nyc, jest and vitest):
 * `total` plus one entry per source file, each with `lines` and `branches` as
 * `{ total, covered, skipped, pct }`.
 */
import { fileCoverage, mergeFiles } from './coverage-files.js';
import type { CoverageCount, CoverageReport, FileCoverage } from './test-report.js';

export function parseIstanbulSummary(source: string): CoverageReport {
  const data: unknown = JSON.parse(source);
  if (!isObject(data) || !isObject(data.total)) throw new Error('no "total" entry: not an istanbul coverage-summary.json');
  const files: FileCoverage[] = [];
  for (const [file, entry] of Object.entries(data)) {
    if (file === 'total' || !isObject(entry)) continue;
    const lines = countOf(entry.lines);
    if (!lines) continue;
    const branches = countOf(entry.branches);
    files.push(fileCoverage(file, lines, branches && branches.total > 0 ? branches : undefined));
  }
  return mergeFiles(files);
}

function countOf(value: unknown): CoverageCount | undefined {
  if (!isObject(value)) return undefined;
  const { total, covered } = value;
  if (typeof total !== 'number' || typeof covered !== 'number' || !(total >= 0) || !(covered >= 0)) return undefined;
  return { total, covered: Math.min(covered, total) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
