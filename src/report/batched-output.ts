/**
 * Collects small writes and hands them to the stream in batches: at 64 KiB, or
 * at the end of the current tick. A job printing millions of short lines then
 * costs a few thousand writes instead of millions, and output still appears
 * immediately because nothing waits longer than one turn of the event loop.
 */
import type { TextOutput } from './plain-reporter.js';

const BATCH_CHARS = 64 * 1024;

export class BatchedOutput implements TextOutput {
  private pending: string[] = [];
  private size = 0;
  private scheduled = false;

  constructor(private readonly stream: { write(text: string): unknown }) {}

  write(text: string): void {
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= BATCH_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    this.stream.write(text);
  }
}
