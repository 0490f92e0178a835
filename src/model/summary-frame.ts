/**
 * How a step summary (`$GITHUB_STEP_SUMMARY`) travels in a job's output: the
 * translated GitHub steps print the file between these two lines, each line
 * behind a `|` so its text cannot end the frame early, and the run layer's
 * text gate (run/command-lines.ts) takes it out of the log into the job's result.
 */
export const SUMMARY_START = '::localci-summary::';
export const SUMMARY_END = '::localci-summary-end::';
/** A job's summaries keep this much; GitHub keeps 1 MiB per step, a terminal wants less. */
export const MAX_SUMMARY_CHARS = 64 * 1024;
