/** Keeps only the last `size` lines, for "last lines of the failing job" views. */
export class TailBuffer {
  private readonly lines: string[] = [];

  constructor(private readonly size: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }

  toArray(): string[] {
    return [...this.lines];
  }
}
