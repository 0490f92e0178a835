/** Doctor: room on the disk that holds the project's state (snapshots, logs, artifacts). */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { listRuns } from '../history/run-store.js';
import { projectState } from '../state/project-state.js';
import { describeUsage, stateUsage } from '../state/state-usage.js';
import { fail, ok, warn, type Check } from './check.js';

const GB = 1024 ** 3;
const FAIL_BELOW = 1 * GB;
const WARN_BELOW = 5 * GB;

export async function checkDisk(root: string): Promise<Check> {
  const state = projectState(root);
  const stateDir = state.dir;
  // The folder may not exist before the first run: the git directory's (or cache folder's) disk is the one it will be on.
  const info = await statfs(stateDir).catch(() => statfs(path.dirname(state.location.home)).catch(() => statfs(root)));
  const free = Number(info.bavail) * Number(info.bsize);
  const [runs, usage] = await Promise.all([listRuns(root).then((list) => list.length), stateUsage(root)]);
  const message = `${(free / GB).toFixed(1)} GB free for ${stateDir} (${runs} run${runs === 1 ? '' : 's'} kept; localci state ${describeUsage(usage)})`;
  const fix = `free some space; old runs go by themselves (50 runs, 14 days kept), or remove ${state.path('runs')}`;
  if (free < FAIL_BELOW) return fail('disk', message, fix);
  if (free < WARN_BELOW) return warn('disk', message, fix);
  return ok('disk', message);
}
