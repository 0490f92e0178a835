/**
 * Turns a byte stream into lines without holding more than one line in memory.
 * Very long lines are cut into chunks of `maxLineLength` characters so a job that
 * prints a megabyte without a newline cannot balloon the CLI's memory. Each
 * piece of a cut line but the last says that the line continues, so a reader
 * that must see text across the cut (secret masking) can hold back a tail.
 */
import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

/** One line, or one piece of a cut line; `continues` when the next piece of the same line follows. */
export type OnLine = (line: string, continues: boolean) => void;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(
    private readonly onLine: OnLine,
    private readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {}

  push(chunk: Buffer | string): void {
    let text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const end = newline > 0 && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.emit(text.slice(0, end));
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    while (text.length > this.maxLineLength) {
      this.onLine(text.slice(0, this.maxLineLength), true);
      text = text.slice(this.maxLineLength);
    }
    this.pending = text;
  }

  /** Emits what is left after the stream ended (a last line without newline). */
  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length > 0) this.emit(rest);
  }

  private emit(line: string): void {
    if (line.length <= this.maxLineLength) return this.onLine(line, false);
    for (let start = 0; start < line.length; start += this.maxLineLength) {
      const end = start + this.maxLineLength;
      this.onLine(line.slice(start, end), end < line.length);
    }
  }
}
