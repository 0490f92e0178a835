/**
 * A stored run's coverage as the coverage gate compares it: the run's totals from run.json and
 * the per-file numbers each job kept beside its copied reports (test-reports/read-job-reports.ts).
 */
import { jobReportsDir } from '../model/job-files.js';
import type { CoverageSide } from '../test-reports/coverage-gate.js';
import { mergeFiles } from '../test-reports/coverage-files.js';
import { storedCoverage } from '../test-reports/read-job-reports.js';
import type { StoredRun } from './run-store.js';

export async function runCoverageSide(run: StoredRun): Promise<CoverageSide | undefined> {
  const lines = run.record.coverage?.lines;
  if (!lines) return undefined;
  const reports = await Promise.all(run.record.jobs.filter((result) => result.coverage).map((result) => storedCoverage(jobReportsDir(run.dir, result.job))));
  const files = mergeFiles(reports.flatMap((report) => report?.files ?? [])).files;
  return { lines, files, label: `run ${run.id}` };
}
