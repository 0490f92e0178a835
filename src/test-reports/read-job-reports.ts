/**
 * Reads what a job's report files say once the backend has copied them out of its container
 * into the job's reports folder: every file under `junit/` (exactly what the JUnit globs
 * matched) and the coverage file under `coverage/`. The files came from the job, so links are
 * not followed, sizes are capped, and a file that does not parse is a warning naming it, never
 * a failed run. The per-file coverage is kept beside them (`coverage.json`) for comparisons.
 */
import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JobReports } from '../model/pipeline.js';
import { parseCoverage } from './coverage.js';
import { parseJunit } from './junit.js';
import { MAX_FAILURES_KEPT, type CoverageReport, type CoverageTotals, type TestCounts } from './test-report.js';

/** A report bigger than this is not read: no runner writes one, a job in a loop could. */
export const MAX_REPORT_BYTES = 64 * 1024 ** 2;
const COVERAGE_FILE = 'coverage.json';

export interface ReadReports {
  tests?: TestCounts;
  coverage?: CoverageTotals;
  problems: Array<{ message: string; hint?: string }>;
}

export async function readJobReports(dir: string, reports: JobReports, jobPassed: boolean): Promise<ReadReports> {
  const problems: ReadReports['problems'] = [];
  const tests = await readJunitFiles(path.join(dir, 'junit'), problems);
  if (!tests && reports.junit.length > 0 && jobPassed) {
    problems.push({ message: `no JUnit file matched ${reports.junit.map((glob) => `"${glob}"`).join(', ')}`, hint: 'Check `reports.junit`, or that the test runner writes a JUnit report there.' });
  }
  let coverage: CoverageTotals | undefined;
  if (reports.coverage !== undefined) {
    const found = await readCoverage(path.join(dir, 'coverage', reports.coverage), reports.coverage, problems);
    if (found) {
      await writeFile(path.join(dir, COVERAGE_FILE), JSON.stringify(found) + '\n');
      coverage = { lines: found.lines, ...(found.branches ? { branches: found.branches } : {}) };
    } else if (jobPassed && problems.length === 0) {
      problems.push({ message: `the coverage file "${reports.coverage}" was not written`, hint: 'Check `reports.coverage`, or turn on the test runner\'s coverage reporter.' });
    }
  }
  return { ...(tests ? { tests } : {}), ...(coverage ? { coverage } : {}), problems };
}

/** The per-file coverage a run kept for a job, or undefined when it has none. */
export async function storedCoverage(dir: string): Promise<CoverageReport | undefined> {
  const text = await readFile(path.join(dir, COVERAGE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as CoverageReport;
  } catch {
    return undefined;
  }
}

async function readJunitFiles(dir: string, problems: ReadReports['problems']): Promise<TestCounts | undefined> {
  const files = await regularFiles(dir);
  if (files.length === 0) return undefined;
  const total: TestCounts = { total: 0, passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const file of files) {
    const name = path.relative(dir, file);
    const text = await readCapped(file, name, problems);
    if (text === undefined) continue;
    try {
      const counts = parseJunit(text);
      total.total += counts.total;
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
      total.failures.push(...counts.failures.slice(0, MAX_FAILURES_KEPT - total.failures.length));
    } catch (error) {
      problems.push({ message: `the JUnit report "${name}" could not be read: ${messageOf(error)}` });
    }
  }
  return total;
}

async function readCoverage(file: string, name: string, problems: ReadReports['problems']): Promise<CoverageReport | undefined> {
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const text = await readCapped(file, name, problems);
  if (text === undefined) return undefined;
  try {
    return parseCoverage(text);
  } catch (error) {
    problems.push({ message: `the coverage file "${name}" could not be read: ${messageOf(error)}`, hint: 'localci reads lcov, istanbul coverage-summary.json and Cobertura XML.' });
    return undefined;
  }
}

async function readCapped(file: string, name: string, problems: ReadReports['problems']): Promise<string | undefined> {
  const info = await lstat(file);
  if (info.size > MAX_REPORT_BYTES) {
    problems.push({ message: `the report "${name}" is larger than ${MAX_REPORT_BYTES / 1024 ** 2} MiB and was not read` });
    return undefined;
  }
  return readFile(file, 'utf8');
}

/** Regular files below `dir`, sorted; links and other entries are left out (never followed). */
async function regularFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
