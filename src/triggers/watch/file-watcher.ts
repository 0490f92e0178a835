/**
 * chokidar over the project root, reporting changed files as root-relative
 * paths. Folders the filter ignores are never descended into, so a large
 * `node_modules/` costs nothing. Restartable, because a changed .gitignore can
 * un-ignore a folder chokidar has already decided not to watch.
 */
import type { Stats } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface FileWatcherOptions {
  root: string;
  /** Whether to leave out an absolute path (and, for a folder, everything in it). */
  ignored(absolute: string): boolean;
  /** A file was added, changed or removed. */
  onChange(relative: string): void;
  onError(error: Error): void;
}

export class FileWatcher {
  private watcher?: FSWatcher;
  /** Size and mtime of each file as last seen: a change that keeps both only touched metadata. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly options: FileWatcherOptions) {}

  /** Resolves once the initial scan is done: from then on, every change is reported. */
  async start(): Promise<void> {
    const { root } = this.options;
    // The initial scan's events only record each file's state (see `changed`).
    let scanning = true;
    const watcher = watch(root, {
      ignoreInitial: false,
      alwaysStat: true,
      // A job sees links as links; following them could leave the project.
      followSymlinks: false,
      ignored: (absolute: string) => this.options.ignored(absolute),
    });
    this.watcher = watcher;
    const report = (absolute: string, stats?: Stats) => {
      if (this.changed(absolute, stats) && !scanning) this.options.onChange(path.relative(root, absolute).split(path.sep).join('/'));
    };
    // Folders themselves do not matter: git, and so the snapshot, only holds files.
    watcher.on('add', report).on('change', report).on('unlink', (absolute) => {
      this.seen.delete(absolute);
      report(absolute);
    });
    watcher.on('error', (error) => this.options.onError(error instanceof Error ? error : new Error(String(error))));
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
    scanning = false;
  }

  /**
   * Whether a file's content may have changed. Snapshots hard-link unchanged files, and a
   * link count change is a metadata change that inotify reports like an edit: without this,
   * every run's snapshot would start the next run.
   */
  private changed(absolute: string, stats: Stats | undefined): boolean {
    if (!stats) return true;
    const state = `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
    if (this.seen.get(absolute) === state) return false;
    this.seen.set(absolute, state);
    return true;
  }

  async restart(): Promise<void> {
    await this.close();
    await this.start();
  }

  async close(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }
}
