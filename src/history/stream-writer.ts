/**
 * Writes lines to stdout in 64 KiB batches and waits when the pipe is full, so
 * `ci logs` of a 200 MB log neither makes millions of writes nor buffers the
 * whole file in memory. When the reader goes away (`ci logs | head`), `closed`
 * turns true and the command stops instead of waiting for a drain that never comes.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH_CHARS = 64 * 1024;

export class StreamWriter {
  private pending = '';
  private gone = false;
  private readonly stopped = new AbortController();

  constructor(private readonly stream: Writable) {
    const stop = () => {
      this.gone = true;
      this.stopped.abort();
    };
    stream.once('error', stop);
    stream.once('close', stop);
  }

  get closed(): boolean {
    return this.gone;
  }

  /** Aborts when the reader has gone away. */
  get signal(): AbortSignal {
    return this.stopped.signal;
  }

  async line(text: string): Promise<void> {
    this.pending += text + '\n';
    if (this.pending.length >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === '' || this.gone) {
      this.pending = '';
      return;
    }
    const text = this.pending;
    this.pending = '';
    // `once` with a signal removes its listeners either way, so a long log adds none per batch.
    if (!this.stream.write(text)) await once(this.stream, 'drain', { signal: this.stopped.signal }).catch(() => undefined);
  }
}
