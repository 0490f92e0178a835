/**
 * Reads what runs left in the project's `runs/<id>/` (state/project-state.ts). Read-only: run/run-record.ts
 * owns writing the format. Listing reads every run.json, which retention keeps
 * to a few dozen small files, so there is no index to get out of step.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../util/process-alive.js';
import type { RunRecord } from '../run/run-record.js';
import { projectState } from '../state/project-state.js';
import { effectiveStatus, type RunState } from './run-state.js';

export interface StoredRun {
  id: string;
  dir: string;
  record: RunRecord;
  status: RunState;
  /** Epoch ms. */
  startedAt: number;
  /** Wall-clock length; for an interrupted run, up to its last written file. */
  durationMs?: number;
}

export function runsDir(root: string): string {
  return projectState(root).path('runs');
}

export async function readRunRecord(dir: string): Promise<RunRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path.join(dir, 'run.json'), 'utf8')) as RunRecord;
    // A record from a future format, or not a record at all, is left alone rather than misread.
    return record && record.schema === 1 && typeof record.runId === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function readRun(dir: string, alive: (pid: number) => boolean = processAlive): Promise<StoredRun | undefined> {
  const record = await readRunRecord(dir);
  if (!record) return undefined;
  const status = effectiveStatus(record, alive);
  const startedAt = Date.parse(record.startedAt);
  const run: StoredRun = { id: path.basename(dir), dir, record, status, startedAt };
  if (record.finishedAt) run.durationMs = Date.parse(record.finishedAt) - startedAt;
  else if (status === 'interrupted') run.durationMs = Math.max(0, (await lastWrite(dir)) - startedAt);
  return run;
}

/** Every readable run, newest first. Folders without a record (a run starting now) are not listed. */
export async function listRuns(root: string, alive: (pid: number) => boolean = processAlive): Promise<StoredRun[]> {
  const base = runsDir(root);
  const names = await readdir(base).catch(() => [] as string[]);
  const runs = await Promise.all(names.map((name) => readRun(path.join(base, name), alive)));
  return runs.filter((run): run is StoredRun => run !== undefined).sort(newestFirst);
}

export function newestFirst(a: StoredRun, b: StoredRun): number {
  // Ids carry local time and a random suffix, so the recorded UTC start decides; the id breaks ties.
  return b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

async function lastWrite(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const times = await Promise.all(names.map((name) => stat(path.join(dir, name)).then((info) => info.mtimeMs, () => 0)));
  return Math.max(0, ...times);
}

/** The id of the image a job ran in: its result's own, or that of the image its plan names. */
export function imageIdOf(run: StoredRun, job: string): string | undefined {
  const fromResult = run.record.jobs.find((result) => result.job === job)?.imageId;
  if (fromResult) return fromResult;
  const image = run.record.plan?.find((entry) => entry.job === job)?.image;
  return image === undefined ? undefined : run.record.images?.[image];
}
