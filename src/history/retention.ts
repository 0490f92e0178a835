/**
 * Keeps the project's recorded runs from growing without end: at the start of every run,
 * runs beyond the newest `keep` or older than `maxAgeMs` are removed (logs and
 * artifacts with them). A run whose process is alive is never removed, and a
 * folder without a record yet is left alone for an hour, since it may be a run
 * starting this very moment in another terminal; after that it is the leftover
 * of a run that died before it started any job, and goes.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../util/process-alive.js';
import { isInside } from '../config/boundary.js';
import { projectState } from '../state/project-state.js';
import { readRun, runsDir } from './run-store.js';

export interface RetentionPolicy {
  keep: number;
  maxAgeMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RETENTION: RetentionPolicy = { keep: 50, maxAgeMs: 14 * DAY_MS };
const RECORDLESS_GRACE_MS = 60 * 60 * 1000;

export interface RetentionCandidate {
  id: string;
  /** Epoch ms. */
  startedAt: number;
  /** Alive, or possibly alive: never removed. */
  running: boolean;
}

/** The ids to remove: pure, so the rule can be tested without files. */
export function chooseRunsToPrune(runs: readonly RetentionCandidate[], policy: RetentionPolicy, now: number): string[] {
  const newestFirst = [...runs].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
  return newestFirst
    .filter((run, index) => !run.running && (index >= policy.keep || now - run.startedAt > policy.maxAgeMs))
    .map((run) => run.id);
}

export interface PruneOptions {
  policy?: RetentionPolicy;
  /** The run that is starting: never touched, whatever its folder holds yet. */
  exclude?: string;
  /** Paths a live process still reads (watch mode reuses earlier runs' artifacts): their runs stay. */
  protect?: readonly string[];
  now?: number;
  alive?: (pid: number) => boolean;
}

/** Removes the runs the policy lets go; returns their ids. */
export async function pruneRuns(root: string, options: PruneOptions = {}): Promise<string[]> {
  const base = runsDir(root);
  const now = options.now ?? Date.now();
  const inUse = (name: string) => (options.protect ?? []).some((file) => isInside(path.resolve(file), path.join(base, name)));
  const policy = options.policy ?? DEFAULT_RETENTION;
  const names = (await readdir(base).catch(() => [] as string[])).filter((name) => name !== options.exclude && !inUse(name));
  // A run id starts with its start time: the newest runs well inside the age limit stay whatever their
  // record says, so only the others' records are read (one or two per run, not the whole history).
  const newestFirst = names.sort().reverse();
  const surelyKept = (name: string, index: number) => {
    const started = runIdTime(name);
    return index < policy.keep && started !== undefined && now - started < policy.maxAgeMs - DAY_MS;
  };
  const candidates = await Promise.all(
    newestFirst.map((name, index) =>
      surelyKept(name, index) ? { id: name, startedAt: runIdTime(name)!, running: false } : candidate(path.join(base, name), now, options.alive ?? processAlive),
    ),
  );
  const doomed = chooseRunsToPrune(
    candidates.filter((entry): entry is RetentionCandidate => entry !== undefined),
    policy,
    now,
  );
  const state = projectState(root);
  await Promise.all(doomed.map((id) => state.remove('runs', id)));
  return doomed;
}

/** The local start time a run id (run/run-id.ts) begins with, or undefined for any other name. */
export function runIdTime(id: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(id);
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(year, month - 1, day, hours, minutes, seconds).getTime();
}

async function candidate(dir: string, now: number, alive: (pid: number) => boolean): Promise<RetentionCandidate | undefined> {
  const run = await readRun(dir, alive);
  if (run) return { id: run.id, startedAt: run.startedAt, running: run.status === 'running' };
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const starting = now - info.mtimeMs < RECORDLESS_GRACE_MS;
  return { id: path.basename(dir), startedAt: starting ? info.mtimeMs : 0, running: starting };
}
