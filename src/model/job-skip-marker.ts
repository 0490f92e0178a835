/**
 * How a job says, once it runs, that it is skipped: GitHub decides a job's `if:` that reads
 * run-time values (needs outputs, step outputs) when the job starts, and shows a false one as a
 * skipped job. The translated steps print this line followed by the reason and skip their work;
 * the run layer's text gate (run/command-lines.ts) takes it out of the log, and a job that then
 * ends without a failure is recorded as skipped. A job that prints it itself only turns its own
 * pass into a skip: a failure stays a failure.
 */
export const JOB_SKIPPED = '::localci-job-skipped::';
