/**
 * chokidar over the project root, reporting changed files as root-relative
 * paths. Folders the filter ignores are never descended into, so a large
 * `node_modules/` costs nothing. Restartable, because a changed .gitignore can
 * un-ignore a folder chokidar has already decided not to watch.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { isRacy } from '../../source/racy-stat.js';
import { isGone } from '../../source/worktree-entries.js';
import { scanEnd } from './scan-end.js';
import { TolerantWatcher } from './tolerant-watcher.js';

export interface FileWatcherOptions {
  root: string;
  /** Whether to leave out an absolute path (and, for a folder, everything in it). */
  ignored(absolute: string): boolean;
  /** A file was added, changed or removed. */
  onChange(relative: string): void;
  /**
   * The reported paths may not tell every change: a folder came, went or changed kind. chokidar
   * reports the files of a folder moved, restored or removed as a whole late or not at all, and
   * its own view goes stale: it keeps watching a removed folder's old inode and misses the files
   * of one made again in its place (git does that on checkout and stash), or still watches a
   * path as the kind it was. The caller reads the tree in full and has the watcher scan again.
   */
  onUnsure(): void;
  onError(error: Error): void;
}

export class FileWatcher {
  private watcher?: FSWatcher;
  /**
   * Size, mtime and inode of each file as last seen (a change that keeps them only touched
   * metadata), and its content's hash while that stat is too recent to vouch for it.
   */
  private readonly seen = new Map<string, { state: string; hash?: string }>();
  /** Folders met so far, to notice one that turns into a file. */
  private readonly folders = new Set<string>();
  /** Ends the wait for a scan when the watcher is closed meanwhile. */
  private closing = new AbortController();

  constructor(private readonly options: FileWatcherOptions) {}

  /**
   * Resolves once the initial scan is done: from then on, every change is reported. A scan that
   * stops making progress without finishing (scan-end.ts) is reported unsure: the caller reads
   * the tree in full and has the watcher scan again with its next batch.
   */
  async start(): Promise<void> {
    const { root } = this.options;
    const closing = new AbortController();
    this.closing = closing;
    // The initial scan's events only record each file's state (see `changed`).
    let scanning = true;
    const watcher = new TolerantWatcher({
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
    watcher.on('add', report).on('change', report).on('unlink', (absolute) => {
      this.seen.delete(absolute);
      report(absolute);
    });
    // git holds only files, but a folder that comes or goes may stand where a file was, or
    // take files with it whose own events never come (links chokidar could not resolve).
    // A new folder is walked as well: chokidar may still hold a stale view of a path that was a
    // folder before, and then report nothing of the files the new folder brings.
    const reportFolder = (absolute: string) => {
      this.folders.add(absolute);
      if (!scanning) this.options.onUnsure();
      report(absolute);
      if (!scanning) this.walk(absolute, report);
    };
    watcher.on('addDir', reportFolder).on('unlinkDir', (absolute) => {
      this.folders.delete(absolute);
      this.options.onUnsure();
      report(absolute);
    });
    // chokidar misses some changes: a link whose target does not resolve (dangling, looping),
    // a folder replaced by a file of the same name. The folders' own events name them all.
    watcher.on('raw', (event, name, details) => {
      const absolute = rawPath(name, (details as { watchedPath?: string } | undefined)?.watchedPath);
      if (absolute === undefined || this.options.ignored(absolute)) return;
      const stats = lstatOrGone(absolute);
      const isFolder = stats?.isDirectory() ?? false;
      if (stats && (isFolder ? this.seen.has(absolute) : this.folders.has(absolute)) && !scanning) this.options.onUnsure();
      // 'rename': created, removed or moved. A 'change' of a folder is only its metadata.
      if (event === 'rename' && isFolder) reportFolder(absolute);
      else report(absolute, stats);
    });
    watcher.on('error', (error) => {
      // A path that changed kind while chokidar set up its watch (a file that became a looping
      // link, a folder removed meanwhile) is no fault of the tree: the next batch scans again.
      if (isGone(error)) this.options.onUnsure();
      else this.options.onError(error instanceof Error ? error : new Error(String(error)));
    });
    watcher.add(root);
    const end = await scanEnd(watcher, closing.signal);
    scanning = false;
    if (end === 'stalled') this.options.onUnsure();
  }

  /** Reports every file below a folder, leaving out what the filter ignores; links are not followed. */
  private walk(folder: string, report: (absolute: string, stats?: Stats) => void): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // gone again, or replaced by a file: its own event tells
    }
    for (const entry of entries) {
      const absolute = path.join(folder, entry.name);
      if (this.options.ignored(absolute)) continue;
      if (entry.isDirectory()) this.walk(absolute, report);
      else report(absolute, lstatOrGone(absolute));
    }
  }

  /**
   * Whether a file's content may have changed. Snapshots hard-link unchanged files, and a
   * link count change is a metadata change that inotify reports like an edit: without this,
   * every run's snapshot would start the next run.
   */
  private changed(absolute: string, stats: Stats | undefined): boolean {
    if (!stats) return true;
    const state = `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
    const previous = this.seen.get(absolute);
    // A recent mtime may hide a second save of the same size: then the content tells.
    const hash = isRacy(stats) ? contentHash(absolute, stats) : undefined;
    if (previous?.state === state && (hash === undefined || hash === previous.hash)) return false;
    this.seen.set(absolute, { state, hash });
    return true;
  }

  async restart(): Promise<void> {
    await this.close();
    await this.start();
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.seen.clear();
    this.folders.clear();
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }
}

/** What a file holds (a link: where it points), to tell two saves apart that the clock could not. */
function contentHash(absolute: string, stats: Stats): string | undefined {
  try {
    if (stats.isDirectory()) return undefined;
    return createHash('sha1').update(stats.isSymbolicLink() ? readlinkSync(absolute) : readFileSync(absolute)).digest('hex');
  } catch {
    return undefined;
  }
}

/** The path a raw event names: an entry of a watched folder, or the watched file itself. */
function rawPath(name: string, watchedPath: string | undefined): string | undefined {
  if (!watchedPath || !name) return undefined;
  const watched = lstatOrGone(watchedPath);
  if (!watched) return undefined;
  return watched.isDirectory() ? path.join(watchedPath, name) : watchedPath;
}

function lstatOrGone(absolute: string): Stats | undefined {
  try {
    return lstatSync(absolute, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR: a folder of the path became a file
  }
}
