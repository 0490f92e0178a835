/**
 * One job's log with a size cap. Up to half the cap goes to the file as it comes (the head:
 * how the job started, usually where the first error is); past that, only the last lines are
 * held, in a queue of at most the other half (the tail: how it ended), and written with a line
 * saying how much was cut between them when the job ends. Memory stays within the cap
 * whatever the job prints, and so does the file.
 */
import { formatBytes } from '../util/byte-size.js';
import type { SyncFileWriter } from '../util/sync-file-writer.js';

/** Room kept for the two notes the cut adds. */
const NOTE_BYTES = 512;

export class CappedLog {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private headBytes = 0;
  private cutting = false;
  private tail: string[] = [];
  /** Index of the oldest line still held in `tail`: dropping from the front stays O(1). */
  private tailStart = 0;
  private tailBytes = 0;
  private cutLines = 0;
  private cutBytes = 0;

  constructor(
    private readonly file: SyncFileWriter,
    private readonly maxBytes: number,
  ) {
    this.headLimit = Math.floor((maxBytes - NOTE_BYTES) / 2);
    this.tailLimit = maxBytes - NOTE_BYTES - this.headLimit;
  }

  /** One line, without its newline. */
  writeLine(line: string): void {
    const text = `${line}\n`;
    const bytes = Buffer.byteLength(text);
    if (!this.cutting && this.headBytes + bytes <= this.headLimit) {
      this.headBytes += bytes;
      this.file.write(text);
      return;
    }
    if (!this.cutting) {
      this.cutting = true;
      // Shown at once, so `ci logs --follow` says why the lines stop.
      this.file.write(`[the log passed ${formatBytes(this.headLimit)}: from here only its last ${formatBytes(this.tailLimit)} are kept, written when the job ends]\n`);
    }
    this.tail.push(text);
    this.tailBytes += bytes;
    while (this.tailBytes > this.tailLimit) this.dropOldest();
    if (this.tailStart > 1024 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  /** Writes what was cut and the tail; the log goes on as a fresh tail if more comes. */
  finish(): void {
    if (!this.cutting) return;
    // Called at the job's end and again when the run closes: the second time has nothing new to say.
    const note = this.cutLines === 0 ? '' : `[${this.cutLines} lines (${formatBytes(this.cutBytes)}) cut here: the log is capped at ${formatBytes(this.maxBytes)} (logs.maxSize)]\n`;
    this.file.write(note + this.tail.slice(this.tailStart).join(''));
    this.file.flush();
    this.tail = [];
    this.tailStart = 0;
    this.tailBytes = 0;
    this.cutLines = 0;
    this.cutBytes = 0;
  }

  private dropOldest(): void {
    const oldest = this.tail[this.tailStart]!;
    this.tail[this.tailStart] = '';
    this.tailStart += 1;
    const bytes = Buffer.byteLength(oldest);
    this.tailBytes -= bytes;
    this.cutLines += 1;
    this.cutBytes += bytes;
  }
}
