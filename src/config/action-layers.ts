/**
 * Fetched GitHub actions reach a job as read-only layers of its workspace
 * (`actionLayers`, set by the importer). A config is possibly hostile, so the
 * only folders taken are those of localci's own actions cache, named without
 * a link on the way: a `.yaml` config can never mount `~/.ssh` into a job.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { STATE_HOME_NAME, userCacheDir } from '../state/state-location.js';

export function actionsCacheRoot(env: Readonly<Record<string, string | undefined>>): string {
  return path.join(userCacheDir(env), STATE_HOME_NAME, 'actions');
}

/** Undefined when `dir` is a folder of the actions cache reached without a link, else why not. */
export function actionLayerProblem(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const root = actionsCacheRoot(env);
  const relative = path.relative(root, dir);
  if (!path.isAbsolute(dir) || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return `${dir} is not a folder of localci's actions cache (${root})`;
  try {
    if (realpathSync(dir) !== path.join(realpathSync(root), relative)) return `${dir} is reached through a symbolic link`;
  } catch {
    return `${dir} does not exist (fetched actions are kept in ${root})`;
  }
  return undefined;
}
