/**
 * Writes each job's full log to the run folder's `<job>.log` (state/project-state.ts) as it streams,
 * so `ci logs` and the pre-push summary can show what the terminal scrolled past.
 * Writes are batched, but never held longer than FLUSH_MS, so `ci logs --follow`
 * shows a slow job's lines as they come rather than when 64 KiB have gathered.
 * Each log is capped (capped-log.ts): a job printing in a loop keeps its head and tail only.
 * A write that fails (a full disk) never throws into the job's output stream or a timer:
 * the first failure goes to `onFailure`, which ends the run, and nothing more is written.
 */
import type { RunEvent } from '../run/events.js';
import { BATCH_BYTES, SyncFileWriter } from '../util/sync-file-writer.js';
import { CappedLog } from './capped-log.js';
import type { Reporter } from './reporter.js';
import { describeResult } from './status-text.js';
import { asWritten } from './terminal-text.js';

const FLUSH_MS = 200;

export class LogFileReporter implements Reporter {
  private readonly files = new Map<string, { writer: SyncFileWriter; log: CappedLog }>();
  private flushTimer?: NodeJS.Timeout;
  private failed = false;

  constructor(
    private readonly logOf: (job: string) => string,
    /** Most bytes one job's log keeps (`logs.maxSize`). */
    private readonly maxBytes: number,
    /** The first write that failed, and the job whose log it was. */
    private readonly onFailure: (error: unknown, job: string) => void,
  ) {}

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'job-start':
        this.write(event.job, `--- ${new Date(event.time).toISOString()} attempt ${event.attempt} in ${event.image}`);
        break;
      case 'step-start':
        this.write(event.job, `$ ${event.name}`);
        break;
      case 'log':
        this.write(event.job, event.line);
        break;
      case 'job-end': {
        const { job } = event.result;
        this.write(job, `--- ${describeResult(event.result, asWritten)}`);
        this.guarded(job, (file) => {
          file.log.finish();
          file.writer.flush();
        });
        break;
      }
      default:
        break;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.flushTimer);
    for (const job of this.files.keys()) this.guarded(job, (file) => file.log.finish());
    // The descriptors are given back even after a failed write.
    for (const [job, { writer }] of this.files) {
      try {
        writer.close();
      } catch (error) {
        this.fail(error, job);
      }
    }
    this.files.clear();
  }

  private write(job: string, line: string): void {
    if (this.failed) return;
    try {
      let file = this.files.get(job);
      if (!file) {
        const writer = new SyncFileWriter(this.logOf(job));
        file = { writer, log: new CappedLog(writer, this.maxBytes) };
        this.files.set(job, file);
      }
      file.log.writeLine(line);
    } catch (error) {
      this.fail(error, job);
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      for (const job of this.files.keys()) this.guarded(job, (file) => file.writer.flush());
    }, FLUSH_MS).unref();
  }

  /** Runs a write on a job's open log, unless an earlier write failed. */
  private guarded(job: string, work: (file: { writer: SyncFileWriter; log: CappedLog }) => void): void {
    const file = this.files.get(job);
    if (!file || this.failed) return;
    try {
      work(file);
    } catch (error) {
      this.fail(error, job);
    }
  }

  private fail(error: unknown, job: string): void {
    if (this.failed) return;
    this.failed = true;
    // A full disk: the last batch goes, so the run's record can still say how the run ended.
    this.files.get(job)?.writer.cutBack(BATCH_BYTES, '\n[the log stops here: it could not be written further]\n');
    this.onFailure(error, job);
  }
}
