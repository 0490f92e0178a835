/**
 * What a project's localci state holds, read straight from disk. Where that state lives is
 * asked of the one module that knows (src/state/project-state.ts), never spelled out here:
 * inside the git directory for a repository, the user's cache folder otherwise.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STATE_FOLDERS, type StateKind } from '../../src/state/project-state.js';
import { locateState } from '../../src/state/state-location.js';

/** The project's state folder (it may not exist yet). */
export function stateDirOf(projectDir: string): string {
  return locateState(projectDir).dir;
}

/** Where a kind of state lives for the project: `statePath(repo, 'runs', id, 'build.log')`. */
export function statePath(projectDir: string, kind: StateKind, ...parts: string[]): string {
  return path.join(stateDirOf(projectDir), STATE_FOLDERS[kind], ...parts);
}

/** Entries of the temp folder: one folder per live (or crashed, not yet reaped) run. */
export function tempEntries(projectDir: string): string[] {
  return entries(statePath(projectDir, 'temp'));
}

/** Ids of the recorded runs, oldest first. */
export function recordedRunIds(projectDir: string): string[] {
  return entries(statePath(projectDir, 'runs'));
}

/** The folder of a recorded run: its run.json, `<job>.log` files and `artifacts/`. */
export function runDirOf(projectDir: string, runId: string): string {
  return statePath(projectDir, 'runs', runId);
}

/** Snapshot folders kept for the next runs (names starting with `.` are being made or removed). */
export function snapshotTrees(projectDir: string): string[] {
  return entries(statePath(projectDir, 'workspace', 'trees')).filter((name) => !name.startsWith('.'));
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    // No run has created it yet.
    return [];
  }
}

/** The fields of a run's run.json the tests look at. */
export interface RecordedRun {
  runId: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt?: string;
}

/** Every run record written so far (a run writes its own when it starts), oldest first. */
export function recordedRuns(projectDir: string): RecordedRun[] {
  return recordedRunIds(projectDir).flatMap((id) => {
    try {
      return [JSON.parse(readFileSync(path.join(runDirOf(projectDir, id), 'run.json'), 'utf8')) as RecordedRun];
    } catch {
      // Being written (the record is renamed into place) or not written yet.
      return [];
    }
  });
}

/** Whether two runs were under way at the same time. */
export function overlapped(a: RecordedRun, b: RecordedRun): boolean {
  const end = (run: RecordedRun) => Date.parse(run.finishedAt ?? new Date().toISOString());
  return Date.parse(a.startedAt) < end(b) && Date.parse(b.startedAt) < end(a);
}
