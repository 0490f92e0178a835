/**
 * Gathers changed paths until the tree has been quiet for `quietMs`, so one save
 * (an editor's write-rename dance, a formatter touching ten files, a branch
 * switch) starts one run, not ten. `maxWaitMs` bounds the wait when something
 * keeps writing, so a busy tree still gets runs.
 */
export class ChangeBatcher {
  private readonly paths = new Set<string>();
  private timer?: NodeJS.Timeout;
  private firstAt = 0;

  constructor(
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly flush: (paths: string[]) => void,
  ) {}

  add(path: string): void {
    const now = Date.now();
    if (this.paths.size === 0) this.firstAt = now;
    this.paths.add(path);
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.emit(), wait);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.paths.clear();
  }

  private emit(): void {
    const paths = [...this.paths];
    this.paths.clear();
    if (paths.length > 0) this.flush(paths);
  }
}
