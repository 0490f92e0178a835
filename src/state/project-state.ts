/**
 * The one place that knows where each kind of localci's state lives for a
 * project. Everything else asks for a kind (`runs`, `results`, …) and gets a
 * path inside the project's state folder (state-location.ts says where that
 * is); folders are made through here, checked to be localci's own, and
 * removed through the one safe removal (safe-remove.ts).
 *
 *   runs/<run id>/        a run's record, logs, artifacts, report (kept; history/retention.ts)
 *   tmp/<run id>/         a run's scratch files, removed when it ends (reaped after a crash)
 *   workspace/            snapshot folders (trees/) and their content store (objects/)
 *   results/<key>/        the job-result cache
 *   layers/               install layers
 *   memo/                 small memo files (file digests, a refused overlay mount…)
 *   watch/<pid>/          artifacts a watch session holds on to
 *   project.json          which project folder this is (for `ci cache dir` and `ci cache prune`)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkLegacyFolder, migrateLegacyState } from './legacy-folder.js';
import { checkOwnedFolder, makeOwnedFolders, STATE_FOLDER_REFUSAL } from './owned-folders.js';
import { removeTree } from './safe-remove.js';
import { locateState, type StateLocation } from './state-location.js';

export const STATE_FOLDERS = {
  runs: 'runs',
  temp: 'tmp',
  workspace: 'workspace',
  results: 'results',
  layers: 'layers',
  memo: 'memo',
  watch: 'watch',
} as const;
export type StateKind = keyof typeof STATE_FOLDERS;

export const PROJECT_FILE = 'project.json';

const NOT_OURS_HINT = 'Remove that path (localci makes its state folders again on the next run), or run localci where it belongs to you.';

export class ProjectState {
  private prepared?: Promise<void>;

  constructor(readonly location: StateLocation) {
    // Nothing is written until these hold: a project's `.localci` and every existing state folder are real folders of this user.
    checkLegacyFolder(location.root);
    let dir = location.home;
    checkOwnedFolder(dir, STATE_FOLDER_REFUSAL, NOT_OURS_HINT);
    for (const part of path.relative(location.home, location.dir).split(path.sep)) {
      dir = path.join(dir, part);
      checkOwnedFolder(dir, STATE_FOLDER_REFUSAL, NOT_OURS_HINT);
    }
  }

  get root(): string {
    return this.location.root;
  }

  /** The project's state folder. */
  get dir(): string {
    return this.location.dir;
  }

  /** Where a kind of state lives (nothing is made). */
  path(kind: StateKind, ...parts: string[]): string {
    return path.join(this.location.dir, STATE_FOLDERS[kind], ...parts);
  }

  /** The folder of a kind (and below), made if missing, checked to be localci's own. */
  async folder(kind: StateKind, ...parts: string[]): Promise<string> {
    await this.prepare();
    return this.make(kind, ...parts);
  }

  /** Removes a folder of this kind and what it holds; never the kind's folder itself, never through a link. */
  async remove(kind: StateKind, ...parts: string[]): Promise<void> {
    if (parts.length === 0) throw new Error(`remove(${kind}) needs a folder inside it`);
    await removeTree(this.path(kind, ...parts), this.path(kind));
  }

  /** Once per process: the project's folder exists, says which project it is, and holds what `.localci/` held. */
  prepare(): Promise<void> {
    this.prepared ??= (async () => {
      makeOwnedFolders(this.location.home, this.location.dir, NOT_OURS_HINT);
      recordProject(this.location);
      await migrateLegacyState({ root: this.root, dir: this.dir, folder: (kind) => this.make(kind) });
    })();
    return this.prepared;
  }

  private make(kind: StateKind, ...parts: string[]): string {
    return makeOwnedFolders(this.location.home, this.path(kind, ...parts), NOT_OURS_HINT);
  }
}

const opened = new Map<string, ProjectState>();

/** The state of the project whose root is `root`; throws (exit 2) when something on the way is not localci's own. */
export function projectState(root: string, env: NodeJS.ProcessEnv = process.env): ProjectState {
  return stateAt(locateState(root, env));
}

/** One object per location and process, so the once-per-process preparation happens once. */
export function stateAt(location: StateLocation): ProjectState {
  const key = `${location.root}\0${location.dir}`;
  let state = opened.get(key);
  if (!state) {
    state = new ProjectState(location);
    opened.set(key, state);
  }
  return state;
}

export interface ProjectRecord {
  root: string;
  kind: StateLocation['kind'];
}

function recordProject(location: StateLocation): void {
  const file = path.join(location.dir, PROJECT_FILE);
  const record: ProjectRecord = { root: location.root, kind: location.kind };
  const text = JSON.stringify(record, null, 2) + '\n';
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // First use.
  }
  if (current !== text) writeFileSync(file, text);
}

export function readProjectRecord(dir: string): ProjectRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(dir, PROJECT_FILE), 'utf8')) as ProjectRecord;
    return typeof record.root === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}
