/** What a project's `.localci/` folder holds, read straight from disk. */
import { readdirSync } from 'node:fs';
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
