/**
 * Writes each job's full log to the run folder's `<job>.log` (state/project-state.ts) as it streams,
 * so `ci logs` and the pre-push summary can show what the terminal scrolled past.
 * Writes are batched, but never held longer than FLUSH_MS, so `ci logs --follow`
 * shows a slow job's lines as they come rather than when 64 KiB have gathered.
 * Each log is capped (capped-log.ts): a job printing in a loop keeps its head and tail only.
 */
import type { RunEvent } from '../run/events.js';
import { SyncFileWriter } from '../util/sync-file-writer.js';
import { CappedLog } from './capped-log.js';
import type { Reporter } from './reporter.js';
import { describeResult } from './status-text.js';
import { asWritten } from './terminal-text.js';

const FLUSH_MS = 200;

export class LogFileReporter implements Reporter {
  private readonly files = new Map<string, { writer: SyncFileWriter; log: CappedLog }>();
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly logOf: (job: string) => string,
    /** Most bytes one job's log keeps (`logs.maxSize`). */
    private readonly maxBytes: number,
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
      case 'job-end':
        this.write(event.result.job, `--- ${describeResult(event.result, asWritten)}`);
        this.files.get(event.result.job)?.log.finish();
        this.files.get(event.result.job)?.writer.flush();
        break;
      default:
        break;
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.flushTimer);
    for (const file of this.files.values()) {
      file.log.finish();
      file.writer.close();
    }
    this.files.clear();
  }

  private write(job: string, line: string): void {
    let file = this.files.get(job);
    if (!file) {
      const writer = new SyncFileWriter(this.logOf(job));
      file = { writer, log: new CappedLog(writer, this.maxBytes) };
      this.files.set(job, file);
    }
    file.log.writeLine(line);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      for (const pending of this.files.values()) pending.writer.flush();
    }, FLUSH_MS).unref();
  }
}
