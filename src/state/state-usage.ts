/**
 * How much disk the project's state takes, by kind (runs, results, workspace snapshots, …), for
 * `ci cache ls` and `ci doctor`. Counted like `du`: allocated blocks, a file linked several
 * times (snapshots share files) once, links never followed.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../util/byte-size.js';
import { projectState, STATE_FOLDERS, type StateKind } from './project-state.js';

export interface StateUsage {
  dir: string;
  total: number;
  /** Bytes per kind of state that holds anything, in STATE_FOLDERS order. */
  kinds: Array<{ kind: StateKind; bytes: number }>;
}

export async function stateUsage(root: string): Promise<StateUsage> {
  const state = projectState(root);
  const seen = new Set<string>();
  const kinds: StateUsage['kinds'] = [];
  for (const kind of Object.keys(STATE_FOLDERS) as StateKind[]) {
    const bytes = await diskUse(state.path(kind), seen);
    if (bytes > 0) kinds.push({ kind, bytes });
  }
  // Files at the top (project.json) and anything the kinds do not cover.
  const total = (await diskUse(state.dir, seen)) + kinds.reduce((sum, entry) => sum + entry.bytes, 0);
  return { dir: state.dir, total, kinds };
}

/** `12 MB on disk (runs 1.3 MB, workspace 10 MB)`. */
export function describeUsage(usage: StateUsage): string {
  const parts = usage.kinds.map((entry) => `${entry.kind} ${formatBytes(entry.bytes)}`);
  return `${formatBytes(usage.total)} on disk${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

async function diskUse(target: string, seen: Set<string>): Promise<number> {
  const stats = await lstat(target).catch(() => undefined);
  if (!stats) return 0;
  const id = `${stats.dev}:${stats.ino}`;
  if (seen.has(id)) return 0;
  seen.add(id);
  const own = stats.blocks * 512;
  if (!stats.isDirectory()) return own;
  const entries = await readdir(target).catch(() => [] as string[]);
  let sum = own;
  for (const entry of entries) sum += await diskUse(path.join(target, entry), seen);
  return sum;
}
