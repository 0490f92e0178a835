/**
 * Reads job log files from where it last stopped, whole lines at a time, in
 * bounded chunks: printing a 200 MB log or tailing a live one holds at most one
 * chunk and one partial line per job in memory. `ci logs` is one pass over the
 * files; `ci logs --follow` repeats the pass until the run ends.
 */
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1024 * 1024;

export type LineSink = (job: string, line: string) => Promise<void> | void;

interface Cursor {
  offset: number;
  decoder: StringDecoder;
  partial: string;
}

export class LogReader {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly fileOf: (job: string) => string,
    private readonly sink: LineSink,
  ) {}

  /** Emits every complete line written since the last pass, job by job; returns whether anything was new. */
  async pass(jobs: readonly string[]): Promise<boolean> {
    let grew = false;
    for (const job of jobs) grew = (await this.readNew(job)) || grew;
    return grew;
  }

  /** Emits the last unterminated lines: the writer is gone, so they are complete as they are. */
  async finish(): Promise<void> {
    for (const [job, cursor] of this.cursors) {
      const rest = cursor.partial + cursor.decoder.end();
      cursor.partial = '';
      if (rest !== '') await this.sink(job, rest);
    }
  }

  private async readNew(job: string): Promise<boolean> {
    const handle = await open(this.fileOf(job), 'r').catch(() => undefined);
    if (!handle) return false;
    let cursor = this.cursors.get(job);
    if (!cursor) {
      cursor = { offset: 0, decoder: new StringDecoder('utf8'), partial: '' };
      this.cursors.set(job, cursor);
    }
    try {
      const { size } = await handle.stat();
      const grew = size > cursor.offset;
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(0, size - cursor.offset)));
      while (cursor.offset < size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - cursor.offset), cursor.offset);
        if (bytesRead === 0) break;
        cursor.offset += bytesRead;
        await this.emitLines(job, cursor, cursor.decoder.write(buffer.subarray(0, bytesRead)));
      }
      return grew;
    } finally {
      await handle.close();
    }
  }

  private async emitLines(job: string, cursor: Cursor, text: string): Promise<void> {
    const lines = (cursor.partial + text).split('\n');
    cursor.partial = lines.pop() ?? '';
    for (const line of lines) await this.sink(job, line);
  }
}
