/**
 * Actions and reusable workflows of other repositories, fetched with git once
 * into the user's cache folder and kept there (git-snapshot.ts: a SHA once, a
 * tag or branch looked up again after a day or when `LOCALCI_ACTIONS=refresh`
 * asks, the copy used with a warning when the look-up fails):
 *
 *   <cache>/localci/actions/<owner>/<repo>/<ref>/resolved.json   the commit the ref named, and when
 *   <cache>/localci/actions/<owner>/<repo>/<ref>/<sha>/          a layer mirroring /workspace:
 *       .localci-github/actions/<owner>/<repo>/<sha>/…           the repository's files at that commit
 *
 * The repository is fetched from GitHub (`url.<base>.insteadOf` in git's
 * config may point git elsewhere).
 */
import path from 'node:path';
import { STATE_HOME_NAME, userCacheDir } from '../../../state/state-location.js';
import { actionsCacheRoot } from '../../action-layers.js';
import { gitSnapshot } from '../git-snapshot.js';
import { WORKSPACE } from './github-context.js';
import { cloneUrl, type RemoteRef } from './remote-ref.js';

export { isFresh, REF_CHECK_INTERVAL_MS } from '../git-snapshot.js';

export interface FetchedRepo {
  sha: string;
  /** Host folder mirroring /workspace: a read-only layer of the job. */
  layer: string;
  /** Host folder of the repository's files at `sha`. */
  tree: string;
  /** Where the job sees those files. */
  containerDir: string;
  /** Said once as a warning: the copy is older than wanted (the look-up failed). */
  stale?: string;
}

export type FetchOutcome = FetchedRepo | { error: string };

/** `LOCALCI_ACTIONS`: comma-separated `refresh` (look tags and branches up now), `strict` (a failed fetch is exit 3). */
export interface ActionsSettings {
  refresh: boolean;
  strict: boolean;
}

export function actionsSettings(env: Readonly<Record<string, string | undefined>>): ActionsSettings {
  const words = (env.LOCALCI_ACTIONS ?? '').split(',').map((word) => word.trim().toLowerCase());
  return { refresh: words.includes('refresh'), strict: words.includes('strict') };
}

export function fetchRemote(ref: RemoteRef, env: Readonly<Record<string, string | undefined>>, now = Date.now()): FetchOutcome {
  const request = {
    url: cloneUrl(ref),
    ref: ref.ref,
    home: path.join(userCacheDir(env), STATE_HOME_NAME),
    refDir: path.join(actionsCacheRoot(env), ref.owner, ref.repo, encodeURIComponent(ref.ref)),
    inside: (sha: string) => mirrorPath(ref, sha),
    refresh: actionsSettings(env).refresh,
    name: `${ref.owner}/${ref.repo}`,
  };
  const outcome = gitSnapshot(request, env, now);
  if ('error' in outcome) return outcome;
  const { sha, root, tree, stale } = outcome;
  return { sha, layer: root, tree, containerDir: `${WORKSPACE}/${mirrorPath(ref, sha)}`, ...(stale === undefined ? {} : { stale }) };
}

/** Where a fetched repository's files sit in the workspace (and in its layer). */
export function mirrorPath(ref: RemoteRef, sha: string): string {
  return `.localci-github/actions/${ref.owner}/${ref.repo}/${sha}`;
}
