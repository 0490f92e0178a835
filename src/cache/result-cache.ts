/**
 * Passed jobs by cache key, with their artifacts, in the project's `results/`
 * (state/project-state.ts).
 * A hit means the job is shown as `cached` and not run; its artifacts are put
 * back for the jobs that need it. Entries are written to a temp folder and
 * renamed into place, so a crash never leaves half an entry that looks valid.
 * Least recently used entries go first when the cache is over its size cap.
 */
import { cp, mkdir, readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectState } from '../state/project-state.js';
import { removeTree } from '../state/safe-remove.js';
import { folderBytes } from './folder-bytes.js';
import type { CoverageTotals, TestCounts } from '../test-reports/test-report.js';

export interface CacheEntry {
  key: string;
  job: string;
  runId: string;
  passedAt: string;
  durationMs: number;
  imageId?: string;
  /** Whether the job left artifacts; a hit must then put them back (entries made before this field: unknown). */
  artifacts?: boolean;
  /** What the job's test reports said when it passed: a cached job still shows its tests and coverage. */
  tests?: TestCounts;
  coverage?: CoverageTotals;
}

export interface CachedResult {
  entry: CacheEntry;
  /** Folder holding the job's artifacts as they were copied out. */
  artifactsDir: string;
}

export interface CacheListing extends CacheEntry {
  bytes: number;
  lastUsed: Date;
}

export const DEFAULT_CACHE_BYTES = 2 * 1024 ** 3;
const ENTRY_FILE = 'entry.json';

export class ResultCache {
  private constructor(private readonly dir: string) {}

  static async open(root: string): Promise<ResultCache> {
    return new ResultCache(await projectState(root).folder('results'));
  }

  async lookup(key: string): Promise<CachedResult | undefined> {
    const folder = path.join(this.dir, key);
    try {
      const entry = JSON.parse(await readFile(path.join(folder, ENTRY_FILE), 'utf8')) as CacheEntry;
      const now = new Date();
      await utimes(path.join(folder, ENTRY_FILE), now, now); // LRU: a hit counts as a use
      return { entry, artifactsDir: path.join(folder, 'artifacts') };
    } catch {
      return undefined;
    }
  }

  async store(entry: CacheEntry, artifactsDir: string): Promise<void> {
    const folder = path.join(this.dir, entry.key);
    const temp = `${folder}.${process.pid}.tmp`;
    await this.remove(temp);
    await mkdir(temp, { recursive: true });
    const artifacts = await cp(artifactsDir, path.join(temp, 'artifacts'), { recursive: true, verbatimSymlinks: true }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        return false; // a job without artifacts
      },
    );
    await writeFile(path.join(temp, ENTRY_FILE), JSON.stringify({ ...entry, artifacts }, null, 2));
    // Another run may have stored the same key meanwhile: theirs is as good as ours.
    await rename(temp, folder).catch(() => this.remove(temp));
  }

  /**
   * Puts a hit's artifacts into `target` (a run's artifact folder of the job). Throws when they
   * cannot all be put back, leaving no part of them in `target`: the caller then runs the job.
   */
  async restore(found: CachedResult, target: string, within: string): Promise<void> {
    try {
      if (found.entry.artifacts === true && !existsSync(found.artifactsDir)) throw new Error('its artifact folder is gone');
      if (existsSync(found.artifactsDir)) await cp(found.artifactsDir, target, { recursive: true, verbatimSymlinks: true });
    } catch (error) {
      await removeTree(target, within);
      throw error;
    }
  }

  /** Drops one entry (a damaged one), so the job's next pass can store it again. */
  async forget(key: string): Promise<void> {
    await this.remove(path.join(this.dir, key));
  }

  async list(): Promise<CacheListing[]> {
    const names = (await readdir(this.dir)).filter((name) => !name.endsWith('.tmp'));
    const listings = await Promise.all(
      names.map(async (name) => {
        const folder = path.join(this.dir, name);
        try {
          const entry = JSON.parse(await readFile(path.join(folder, ENTRY_FILE), 'utf8')) as CacheEntry;
          const used = await stat(path.join(folder, ENTRY_FILE));
          return { ...entry, bytes: await folderBytes(folder), lastUsed: used.mtime };
        } catch {
          return undefined;
        }
      }),
    );
    return listings.filter((listing): listing is CacheListing => listing !== undefined).sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
  }

  /** Removes least recently used entries until the cache fits `maxBytes`. Returns what was removed. */
  async prune(maxBytes = DEFAULT_CACHE_BYTES): Promise<CacheListing[]> {
    const entries = await this.list();
    let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    const removed: CacheListing[] = [];
    for (const entry of [...entries].reverse()) {
      if (total <= maxBytes) break;
      await this.remove(path.join(this.dir, entry.key));
      total -= entry.bytes;
      removed.push(entry);
    }
    return removed;
  }

  async clear(): Promise<number> {
    const names = await readdir(this.dir);
    await Promise.all(names.map((name) => this.remove(path.join(this.dir, name))));
    return names.length;
  }

  private remove(folder: string): Promise<void> {
    return removeTree(folder, this.dir);
  }
}
