/** Doctor: room on the disk that holds `.localci` (snapshots, logs, artifacts). */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { listRuns } from '../history/run-store.js';
import { STATE_DIR_NAME } from '../util/state-dir.js';
import { fail, ok, warn, type Check } from './check.js';

const GB = 1024 ** 3;
const FAIL_BELOW = 1 * GB;
const WARN_BELOW = 5 * GB;

export async function checkDisk(root: string): Promise<Check> {
  const stateDir = path.join(root, STATE_DIR_NAME);
  // .localci may not exist before the first run: its parent's disk is the one it will be on.
  const info = await statfs(stateDir).catch(() => statfs(root));
  const free = Number(info.bavail) * Number(info.bsize);
  const runs = (await listRuns(root)).length;
  const message = `${(free / GB).toFixed(1)} GB free for ${stateDir} (${runs} run${runs === 1 ? '' : 's'} kept)`;
  const fix = `free some space; old runs go by themselves (50 runs, 14 days kept), or remove ${path.join(stateDir, 'runs')}`;
  if (free < FAIL_BELOW) return fail('disk', message, fix);
  if (free < WARN_BELOW) return warn('disk', message, fix);
  return ok('disk', message);
}
