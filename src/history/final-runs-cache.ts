/**
 * The run store's listing for a process that lists again and again (`ci ui`, each page load): a
 * run that has ended never changes its record again, so its parsed record is kept and read anew
 * only when `run.json`'s size or time changed. Running runs, and runs whose record still says
 * running (their state depends on their process), are read every time.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { newestFirst, readRun, runsDir, type StoredRun } from './run-store.js';

interface Kept {
  mtimeMs: number;
  size: number;
  run: StoredRun;
}

export class FinalRunsCache {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly root: string) {}

  /** Every readable run, newest first, as listRuns gives them. */
  async list(): Promise<StoredRun[]> {
    const base = runsDir(this.root);
    const names = await readdir(base).catch(() => [] as string[]);
    const runs = await Promise.all(names.map((name) => this.read(path.join(base, name))));
    // Runs removed by retention leave the cache with their folders.
    const present = new Set(names.map((name) => path.join(base, name)));
    for (const dir of this.kept.keys()) if (!present.has(dir)) this.kept.delete(dir);
    return runs.filter((run): run is StoredRun => run !== undefined).sort(newestFirst);
  }

  private async read(dir: string): Promise<StoredRun | undefined> {
    const info = await stat(path.join(dir, 'run.json')).catch(() => undefined);
    if (!info) return undefined;
    const kept = this.kept.get(dir);
    if (kept && kept.mtimeMs === info.mtimeMs && kept.size === info.size) return kept.run;
    const run = await readRun(dir);
    if (run && run.record.status !== 'running') this.kept.set(dir, { mtimeMs: info.mtimeMs, size: info.size, run });
    return run;
  }
}
