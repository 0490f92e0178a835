/**
 * Where watch's changes come from: chokidar over the root, the ignore rules,
 * git's ignore list kept current, and the debounce. Hands over batches of
 * changed files that a snapshot would contain, one batch at a time, so a slow
 * batch (a config reload) is never overtaken by the next save.
 */
import path from 'node:path';
import { ChangeBatcher } from './debounce.js';
import { FileWatcher } from './file-watcher.js';
import { GitIgnored } from './git-ignored.js';
import { WatchFilter } from './watch-filter.js';

/** However busy the tree, a batch is handed over at least this often. */
const MAX_WAIT_MS = 1000;

export interface ChangeSourceOptions {
  root: string;
  isGit: boolean;
  /** `watch.debounce`: quiet time after the last change, in ms. */
  debounceMs: number;
  /** `watch.ignore` globs. */
  ignore: readonly string[];
  /**
   * Changed paths, root-relative and sorted; never empty. `unsure`: the paths may not tell
   * every change (the watcher was restarted, git could not be asked): read the tree in full.
   */
  onBatch(files: string[], unsure: boolean): Promise<void>;
  onError(error: unknown): void;
}

export class ChangeSource {
  private filter: WatchFilter;
  private readonly watcher: FileWatcher;
  private readonly batcher: ChangeBatcher;
  private handling: Promise<void> = Promise.resolve();
  private closed = false;
  /** Since the last batch: a folder came, went or changed kind; the watcher scans again and the tree is read in full. */
  private unsure = false;

  private constructor(
    private readonly options: ChangeSourceOptions,
    private readonly gitIgnored: GitIgnored | undefined,
  ) {
    this.filter = this.createFilter(options.ignore);
    this.batcher = new ChangeBatcher(options.debounceMs, Math.max(MAX_WAIT_MS, options.debounceMs), (paths) => {
      this.handling = this.handling.then(() => this.handle(paths)).catch((error: unknown) => options.onError(error));
    });
    this.watcher = new FileWatcher({
      root: options.root,
      // Through `this`, so a reloaded config's filter takes over.
      ignored: (absolute) => this.filter.ignoresAbsolute(options.root, absolute),
      onChange: (relative) => this.batcher.add(relative),
      onUnsure: () => {
        this.unsure = true;
      },
      onError: (error) => options.onError(new Error(`watching files: ${error.message}`)),
    });
  }

  /** Resolves once the initial scan is done: from then on, every save counts. */
  static async start(options: ChangeSourceOptions): Promise<ChangeSource> {
    const gitIgnored = options.isGit ? await GitIgnored.load(options.root) : undefined;
    const source = new ChangeSource(options, gitIgnored);
    await source.watcher.start();
    gitIgnored?.goLive();
    return source;
  }

  /** A reloaded config's `watch.ignore`: a folder it no longer ignores needs a new scan. */
  async setIgnore(ignore: readonly string[]): Promise<void> {
    this.filter = this.createFilter(ignore);
    await this.watcher.restart();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.batcher.dispose();
    // A batch being handled may be about to restart the watcher.
    await this.handling;
    await this.watcher.close();
  }

  private async handle(paths: string[]): Promise<void> {
    if (this.closed) return;
    // Whatever fails here, the batch is handed over: a save is never dropped, at worst the tree is read in full.
    const rescan = this.unsure;
    let unsure = rescan;
    this.unsure = false;
    const attempt = async (work: () => Promise<void> | undefined) => {
      try {
        await work();
      } catch (error) {
        unsure = true;
        this.options.onError(error);
      }
    };
    // New files got past chokidar's quick check; git decides about them now, in one call.
    await attempt(() => this.gitIgnored?.learn(paths));
    const files = paths.filter((file) => !this.filter.ignores(file)).sort();
    const ignoreChanged = files.some((file) => path.posix.basename(file) === '.gitignore');
    if (ignoreChanged || rescan) {
      unsure = true;
      // Ask git again and scan again: a folder may no longer be ignored, or newly be, or be a file now.
      await attempt(() => this.gitIgnored?.refresh());
      await attempt(() => this.watcher.restart());
      this.gitIgnored?.goLive();
    }
    if (files.length > 0 && !this.closed) await this.options.onBatch(files, unsure);
  }

  private createFilter(ignore: readonly string[]): WatchFilter {
    const git = this.gitIgnored;
    return new WatchFilter({ ignore, gitIgnored: git ? (relative) => git.has(relative) : undefined });
  }
}
