/**
 * The one gate through which a job's text enters a run: every line it prints
 * (a secret across the cut of a too-long line included, masked-lines.ts),
 * the reason its backend gives for its end and the message of any error it
 * throws are masked here, before an event, a result or a record is made of
 * them, and so are the test names and messages of its reports. Sinks (terminal, log files, run.json, JSON, JUnit, HTML, webhook, the
 * hook's refusal) then only ever see masked text and need not remember to mask.
 * Workflow commands are read here too (command-lines.ts), so a value a job
 * masks with `::add-mask::` is masked in every sink from that line on.
 */
import type { JobIO } from '../backend/backend.js';
import { CommandLines } from './command-lines.js';
import type { ExecuteJob } from './job-attempts.js';
import type { SecretMasker } from './secrets.js';
import type { TestFailure } from '../test-reports/test-report.js';

export function maskedExecution(masker: SecretMasker, execute: ExecuteJob): ExecuteJob {
  return async (job, io, signal, attempt) => {
    const lines = new CommandLines(masker, io);
    const masked: JobIO = { ...io, log: (stream, line, continues) => lines.log(stream, line, continues) };
    try {
      const exit = await execute(job, masked, signal, attempt);
      lines.flush();
      const tests = exit.tests && { ...exit.tests, failures: exit.tests.failures.map((failure) => maskedFailure(lines.masker, failure)) };
      return { ...exit, ...(exit.reason === undefined ? {} : { reason: lines.masker.mask(exit.reason) }), ...(tests ? { tests } : {}) };
    } catch (error) {
      lines.flush();
      // The error becomes the job's failure reason, or the run's error message (exit 3).
      if (error instanceof Error) {
        error.message = lines.masker.mask(error.message);
        // `--debug` prints the stack, which repeats the message as it was made.
        if (error.stack !== undefined) error.stack = lines.masker.mask(error.stack);
      }
      throw error;
    }
  };
}

function maskedFailure(masker: SecretMasker, failure: TestFailure): TestFailure {
  return { suite: masker.mask(failure.suite), name: masker.mask(failure.name), message: masker.mask(failure.message) };
}
