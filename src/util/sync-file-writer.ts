/**
 * Appends text to a file in 64 KiB batches with synchronous writes. Unlike a
 * write stream it never queues unbounded data in memory when a job prints
 * faster than the disk takes it, and batching keeps syscalls few.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';

export const BATCH_BYTES = 64 * 1024;

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

  /**
   * Drops what is pending and the last `bytes` written, then appends `note`: on a full disk this
   * gives back room for the files that must still be written (the run's record), and says where
   * the file stops. Best effort: a note that does not fit either is left out.
   */
  cutBack(bytes: number, note: string): void {
    this.pending = [];
    this.pendingLength = 0;
    try {
      ftruncateSync(this.fd, Math.max(0, fstatSync(this.fd).size - bytes));
      writeSync(this.fd, note);
    } catch {
      // Nothing more can be done for this file; the caller reports the failure that led here.
    }
  }

  close(): void {
    try {
      this.flush();
    } finally {
      // A flush that failed (a full disk) still gives the descriptor back.
      closeSync(this.fd);
    }
  }
}
