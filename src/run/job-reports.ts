/**
 * Reads a job's test reports after each attempt (run/../test-reports/), passed or failed, and
 * hands what they say on with the job's exit: the attempt's result then carries its test counts,
 * failed cases and coverage into every event, summary and record. A retry starts from an empty
 * reports folder, so an attempt never counts the files of the one before.
 */
import { removeTree } from '../state/safe-remove.js';
import { jobReportsDir } from '../model/job-files.js';
import type { ExecuteJob } from './job-attempts.js';

export function withReports(runDir: string, execute: ExecuteJob): ExecuteJob {
  return async (job, io, signal, attempt) => {
    const reports = job.reports;
    if (!reports) return execute(job, io, signal, attempt);
    const dir = jobReportsDir(runDir, job.name);
    await removeTree(dir, runDir);
    const exit = await execute(job, io, signal, attempt);
    if (signal.aborted) return exit;
    // The parsers (an XML reader among them) load with the first report, not with every run.
    const { readJobReports } = await import('../test-reports/read-job-reports.js');
    const read = await readJobReports(dir, reports, exit.exitCode === 0);
    for (const problem of read.problems) io.warn(problem.message, problem.hint);
    return { ...exit, ...(read.tests ? { tests: read.tests } : {}), ...(read.coverage ? { coverage: read.coverage } : {}) };
  };
}
