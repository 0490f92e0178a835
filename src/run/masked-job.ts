/**
 * The one gate through which a job's text enters a run: every line it prints,
 * the reason its backend gives for its end and the message of any error it
 * throws are masked here, before an event, a result or a record is made of
 * them. Sinks (terminal, log files, run.json, JSON, JUnit, HTML, webhook, the
 * hook's refusal) then only ever see masked text and need not remember to mask.
 */
import type { JobIO } from '../backend/backend.js';
import type { ExecuteJob } from './job-attempts.js';
import type { SecretMasker } from './secrets.js';

export function maskedExecution(masker: SecretMasker, execute: ExecuteJob): ExecuteJob {
  if (!masker.active) return execute;
  return async (job, io, signal, attempt) => {
    const masked: JobIO = { ...io, log: (stream, line) => io.log(stream, masker.mask(line)) };
    try {
      const exit = await execute(job, masked, signal, attempt);
      return exit.reason === undefined ? exit : { ...exit, reason: masker.mask(exit.reason) };
    } catch (error) {
      // The error becomes the job's failure reason, or the run's error message (exit 3).
      if (error instanceof Error) {
        error.message = masker.mask(error.message);
        // `--debug` prints the stack, which repeats the message as it was made.
        if (error.stack !== undefined) error.stack = masker.mask(error.stack);
      }
      throw error;
    }
  };
}
