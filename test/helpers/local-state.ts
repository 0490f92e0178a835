/** What a project's `.localci/` folder holds, read straight from disk. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Entries of `.localci/tmp/`: one folder per live (or crashed, not yet reaped) run. */
export function tempEntries(projectDir: string): string[] {
  return entries(projectDir, 'tmp');
}

/** Ids of the runs recorded in `.localci/runs/`, oldest first. */
export function recordedRunIds(projectDir: string): string[] {
  return entries(projectDir, 'runs');
}

function entries(projectDir: string, folder: string): string[] {
  try {
    return readdirSync(path.join(projectDir, '.localci', folder)).sort();
  } catch {
    // No run has created it yet.
    return [];
  }
}

/** The fields of `.localci/runs/<id>/run.json` the tests look at. */
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
      return [JSON.parse(readFileSync(path.join(projectDir, '.localci', 'runs', id, 'run.json'), 'utf8')) as RecordedRun];
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
