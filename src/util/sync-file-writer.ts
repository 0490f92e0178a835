/**
 * Appends text to a file in 64 KiB batches with synchronous writes. Unlike a
 * write stream it never queues unbounded data in memory when a job prints
 * faster than the disk takes it, and batching keeps syscalls few.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const BATCH_BYTES = 64 * 1024;

export class SyncFileWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'a');
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= BATCH_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
