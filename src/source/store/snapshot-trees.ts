/**
 * Snapshot folders under the project state's `workspace/trees/`, shared safely between
 * runs, watch sessions and hooks of the same project, even at the same time:
 *
 *   trees/<id>/root/         the files jobs see (the lower layer of their overlays)
 *   trees/<id>/manifest      what root/ holds
 *   trees/<id>/fingerprint   its hash; present only while root/ matches the manifest
 *   trees/<id>/lock          the one process changing root/ (its pid)
 *   trees/<id>/users/<pid>-<run>   runs reading root/ now
 *
 * A run takes a tree that already matches (sharing it with other readers), or
 * else locks an idle one and changes only what differs, or else builds a new
 * one. root/ is never changed while anyone reads it, and a tree whose update
 * was cut short has no manifest, so it is never used: it is removed later.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { removeTree } from '../../state/safe-remove.js';
import { processAlive } from '../../util/process-alive.js';
import type { FileEntries } from '../file-entry.js';
import { ContentStore } from './content-store.js';
import { fillFolder, type FillSources } from './fill-folder.js';
import { EMPTY_MANIFEST, manifestOf, parseManifest, serializeManifest, type Manifest } from './manifest.js';

/** Idle trees kept for the next runs: one to update in place, one for a run that overlaps it. */
const KEEP_IDLE = 2;

export interface TreeLease {
  id: string;
  /** The frozen folder: never changes until released. */
  dir: string;
  /** How it was obtained, for `--debug`. */
  summary: string;
  release(): Promise<void>;
}

export class SnapshotTrees {
  readonly store: ContentStore;
  private readonly treesDir: string;

  constructor(readonly base: string) {
    this.store = new ContentStore(path.join(base, 'objects'));
    this.treesDir = path.join(base, 'trees');
  }

  async acquire(entries: FileEntries, sources: Omit<FillSources, 'store'>, runId: string): Promise<TreeLease> {
    const started = Date.now();
    mkdirSync(this.treesDir, { recursive: true });
    const want = manifestOf(entries);
    const trees = this.list();
    for (const tree of trees.filter((candidate) => candidate.fingerprint === want.fingerprint)) {
      const lease = this.read(tree.id, runId);
      if (lease) return { ...lease, summary: `snapshot ${tree.id} reused as is (${want.entries.size} files, ${Date.now() - started} ms)` };
    }
    const fill = { ...sources, store: this.store };
    for (const tree of trees.filter((candidate) => candidate.fingerprint !== undefined && !this.inUse(candidate.id))) {
      if (!this.lock(tree.id)) continue;
      if (this.inUse(tree.id)) {
        this.unlock(tree.id);
        continue;
      }
      return this.update(tree.id, this.readManifest(tree.id), want, entries, fill, runId, started);
    }
    const id = this.create();
    return this.update(id, EMPTY_MANIFEST, want, entries, fill, runId, started);
  }

  /**
   * Removes trees beyond the idle ones kept, broken trees of dead processes, and objects no tree
   * links; returns how many trees went. Trees in use or being changed are never touched.
   */
  async prune(keepIdle = KEEP_IDLE): Promise<number> {
    const trees = this.list();
    const idle = trees.filter((tree) => tree.fingerprint !== undefined && !this.inUse(tree.id)).sort((a, b) => b.mtimeMs - a.mtimeMs);
    const doomed = [...idle.slice(keepIdle), ...trees.filter((tree) => tree.fingerprint === undefined)];
    let removed = 0;
    for (const tree of doomed) {
      if (!this.lock(tree.id)) continue;
      if (tree.fingerprint !== undefined && this.inUse(tree.id)) {
        this.unlock(tree.id);
        continue;
      }
      // Renamed first, so the tree disappears at once even if removal is cut short.
      const grave = path.join(this.treesDir, `.removing-${process.pid}-${tree.id}`);
      renameSync(this.treeDir(tree.id), grave);
      await removeTree(grave, this.treesDir);
      removed += 1;
    }
    for (const name of await readdir(this.treesDir).catch(() => [] as string[])) {
      if (name.startsWith('.') && !processAlive(pidOfTemp(name))) await removeTree(path.join(this.treesDir, name), this.treesDir);
    }
    if (removed > 0) await this.store.collectGarbage((name) => processAlive(pidOfTemp(name)));
    return removed;
  }

  private async update(id: string, from: Manifest, want: Manifest, entries: FileEntries, sources: FillSources, runId: string, started: number): Promise<TreeLease> {
    const dir = this.treeDir(id);
    try {
      // Without a fingerprint the folder is known to be in flux: a crash from here on leaves it unusable, not wrong.
      rmSync(path.join(dir, 'fingerprint'), { force: true });
      const filled = await fillFolder(path.join(dir, 'root'), from, want, entries, sources);
      writeAtomic(path.join(dir, 'manifest'), serializeManifest(filled.manifest));
      writeAtomic(path.join(dir, 'fingerprint'), filled.manifest.fingerprint);
      const lease = this.join(id, runId);
      const how = from === EMPTY_MANIFEST ? 'built' : 'updated';
      return { ...lease, summary: `snapshot ${id} ${how}: ${filled.added} added, ${filled.removed} removed of ${filled.manifest.entries.size} files in ${Date.now() - started} ms` };
    } finally {
      this.unlock(id);
    }
  }

  /** Joins a tree as a reader, unless someone started changing it meanwhile. */
  private read(id: string, runId: string): Omit<TreeLease, 'summary'> | undefined {
    const lease = this.join(id, runId);
    if (this.lockOwner(id) === undefined && this.fingerprintOf(id) !== undefined) return lease;
    unlinkSync(path.join(this.treeDir(id), 'users', `${process.pid}-${runId}`));
    return undefined;
  }

  private join(id: string, runId: string): Omit<TreeLease, 'summary'> {
    const users = path.join(this.treeDir(id), 'users');
    mkdirSync(users, { recursive: true });
    const marker = path.join(users, `${process.pid}-${runId}`);
    writeFileSync(marker, '');
    return {
      id,
      dir: path.join(this.treeDir(id), 'root'),
      release: async () => {
        rmSync(marker, { force: true });
        await this.prune().catch(() => undefined);
      },
    };
  }

  /** A new tree appears with its lock already in it (rename is atomic), so no pruner takes it for broken. */
  private create(): string {
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const staging = path.join(this.treesDir, `.new-${process.pid}-${id}`);
    mkdirSync(path.join(staging, 'root'), { recursive: true });
    writeFileSync(path.join(staging, 'lock'), String(process.pid));
    renameSync(staging, this.treeDir(id));
    return id;
  }

  private lock(id: string): boolean {
    const file = path.join(this.treeDir(id), 'lock');
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      const owner = this.lockOwner(id);
      if (owner === undefined || processAlive(owner)) return false;
      // The owner died holding it. Had it been changing root/, the fingerprint is gone and nobody reuses it.
      rmSync(file, { force: true });
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx' });
        return true;
      } catch {
        return false;
      }
    }
  }

  private unlock(id: string): void {
    rmSync(path.join(this.treeDir(id), 'lock'), { force: true });
  }

  private lockOwner(id: string): number | undefined {
    try {
      return Number(readFileSync(path.join(this.treeDir(id), 'lock'), 'utf8')) || 0;
    } catch {
      return undefined;
    }
  }

  private inUse(id: string): boolean {
    const users = path.join(this.treeDir(id), 'users');
    let live = false;
    for (const name of safeReaddir(users)) {
      if (processAlive(pidOfTemp(name))) live = true;
      else rmSync(path.join(users, name), { force: true });
    }
    return live;
  }

  private list(): Array<{ id: string; fingerprint?: string; mtimeMs: number }> {
    return safeReaddir(this.treesDir)
      .filter((name) => !name.startsWith('.'))
      .map((id) => {
        const info = statSync(path.join(this.treeDir(id), 'fingerprint'), { throwIfNoEntry: false });
        return { id, fingerprint: info ? this.fingerprintOf(id) : undefined, mtimeMs: info?.mtimeMs ?? 0 };
      })
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
  }

  private fingerprintOf(id: string): string | undefined {
    try {
      return readFileSync(path.join(this.treeDir(id), 'fingerprint'), 'utf8');
    } catch {
      return undefined;
    }
  }

  private readManifest(id: string): Manifest {
    return parseManifest(readFileSync(path.join(this.treeDir(id), 'manifest'), 'utf8'));
  }

  private treeDir(id: string): string {
    return path.join(this.treesDir, id);
  }
}

function writeAtomic(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Names that start with the owning pid: `<pid>-…`, `.new-<pid>-…`, `.removing-<pid>-…`. */
function pidOfTemp(name: string): number {
  const match = /^(?:\.[a-z]+-)?(\d+)-/.exec(name);
  return match ? Number(match[1]) : 0;
}
