/**
 * The project whose runs a command reads, found without loading its config:
 * reading logs must work when the config is broken (that may be why you read
 * them), and loading a TypeScript config costs more than the whole command.
 * The nearest folder from here up to the repository root that has recorded
 * runs (or an old `.localci/` still to move) is the project.
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { directoriesUpTo, findSearchBoundary } from '../config/boundary.js';
import { UsageError } from '../errors.js';
import { LEGACY_DIR_NAME } from './legacy-folder.js';
import { STATE_FOLDERS, stateAt, type ProjectState } from './project-state.js';
import { gitLayoutOf, locateState, locateStateAbove } from './state-location.js';

export async function findProjectState(cwd: string): Promise<ProjectState | undefined> {
  const boundary = findSearchBoundary(cwd);
  const layout = gitLayoutOf(cwd);
  for (const dir of directoriesUpTo(cwd, boundary.gitRoot ?? boundary.stopDir)) {
    const location = layout ? locateStateAbove(dir, cwd, layout) : locateState(dir);
    const legacy = lstatSync(path.join(dir, LEGACY_DIR_NAME), { throwIfNoEntry: false }) !== undefined;
    if (!legacy && !existsSync(path.join(location.dir, STATE_FOLDERS.runs))) continue;
    // A `.localci` that is a link is refused here too (exit 2), as by every command.
    const state = stateAt(location);
    // Runs still in an old `.localci/` move now, so this very command finds them.
    if (legacy && existsSync(path.join(dir, LEGACY_DIR_NAME, 'runs'))) await state.prepare();
    if (existsSync(state.path('runs'))) return state;
  }
  return undefined;
}

export async function requireProjectState(cwd: string): Promise<ProjectState> {
  const state = await findProjectState(cwd);
  if (state === undefined) {
    throw new UsageError(`No runs recorded here yet (looked for the runs of every folder from ${cwd} up to the repository root).`, 'Run `ci run` first; every run is kept with its logs (`ci cache dir` shows where).');
  }
  return state;
}
