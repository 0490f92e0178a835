/**
 * State of projects that no longer exist: a removed worktree, a deleted
 * package folder, a moved folder outside git. Their state folders hold nothing
 * any run can use again, so `ci cache prune` removes them (never the
 * folder of a project that is still there).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readProjectRecord } from './project-state.js';
import { removeTree } from './safe-remove.js';
import { PROJECTS_FOLDER } from './state-location.js';

/** Removes the projects' state folders in `home` whose project folder is gone; returns their project paths. */
export async function removeGoneProjects(home: string): Promise<string[]> {
  const projects = path.join(home, PROJECTS_FOLDER);
  const gone: string[] = [];
  for (const slug of safeReaddir(projects)) {
    const record = readProjectRecord(path.join(projects, slug));
    // A folder without a record is being made right now (or is not localci's): left alone.
    if (record === undefined || existsSync(record.root)) continue;
    await removeTree(path.join(projects, slug), projects);
    gone.push(record.root);
  }
  return gone;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
