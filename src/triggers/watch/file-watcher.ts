/**
 * chokidar over the project root, reporting changed files as root-relative
 * paths. Folders the filter ignores are never descended into, so a large
 * `node_modules/` costs nothing. Restartable, because a changed .gitignore can
 * un-ignore a folder chokidar has already decided not to watch.
 */
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

  constructor(private readonly options: FileWatcherOptions) {}

  /** Resolves once the initial scan is done: from then on, every change is reported. */
  async start(): Promise<void> {
    const { root } = this.options;
    const watcher = watch(root, {
      ignoreInitial: true,
      // A job sees links as links; following them could leave the project.
      followSymlinks: false,
      ignored: (absolute: string) => this.options.ignored(absolute),
    });
    this.watcher = watcher;
    const report = (absolute: string) => this.options.onChange(path.relative(root, absolute).split(path.sep).join('/'));
    // Folders themselves do not matter: git, and so the snapshot, only holds files.
    watcher.on('add', report).on('change', report).on('unlink', report);
    watcher.on('error', (error) => this.options.onError(error instanceof Error ? error : new Error(String(error))));
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
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
