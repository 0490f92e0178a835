/**
 * Every run writes its events to `events.ndjson` in its folder as they happen, so another process
 * (`ci ui` on its own) can show the run live: state changes are on disk at once, log lines within
 * FLUSH_MS. Log lines are journaled up to MAX_LOG_CHARS per run only: the job logs keep them all,
 * the journal is for watching. A journal that cannot be written (a full disk) just stops: the run
 * does not depend on it. Events arrive masked (masked-job.ts), as in every other sink.
 */
import path from 'node:path';
import { SyncFileWriter } from '../util/sync-file-writer.js';
import type { RunEvent } from './events.js';

export const EVENTS_FILE = 'events.ndjson';

const FLUSH_MS = 200;
const MAX_LOG_CHARS = 4 * 1024 * 1024;

export function eventsFileOf(runDir: string): string {
  return path.join(runDir, EVENTS_FILE);
}

export class EventJournal {
  private writer?: SyncFileWriter;
  private logChars = 0;
  private stopped = false;
  private flushTimer?: NodeJS.Timeout;

  constructor(private readonly file: string) {}

  onEvent(event: RunEvent): void {
    if (this.stopped) return;
    if (event.type === 'log') {
      if (this.logChars >= MAX_LOG_CHARS) return;
      this.logChars += event.line.length;
    }
    this.guarded((writer) => {
      writer.write(`${JSON.stringify(event)}\n`);
      // A job's state shows at once; log lines in small batches.
      if (event.type !== 'log') writer.flush();
      else this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        this.guarded((open) => open.flush());
      }, FLUSH_MS).unref();
    });
  }

  close(): void {
    clearTimeout(this.flushTimer);
    // A run that never emitted (its record could not even be written) leaves no journal behind.
    if (this.writer !== undefined) this.guarded((writer) => writer.close());
    this.stopped = true;
  }

  private guarded(work: (writer: SyncFileWriter) => void): void {
    if (this.stopped) return;
    try {
      this.writer ??= new SyncFileWriter(this.file);
      work(this.writer);
    } catch {
      this.stopped = true;
    }
  }
}
