/**
 * `include: project` (and the project behind a `component`): the project's
 * files at a ref, fetched with git once into the user's cache and kept there
 * (git-snapshot.ts: a SHA once, a tag or branch looked up again after a day or
 * when `LOCALCI_INCLUDES=refresh` asks, the copy kept when the look-up fails):
 *
 *   <cache>/localci/gitlab/projects/<host>/<group%2Fproject>/<ref>/<sha>/…
 *
 * Projects live on the GitLab server of the project being run: the host of the
 * `origin` remote (unless that is GitHub), else gitlab.com; `LOCALCI_GITLAB_URL`
 * names another. git fetches `<server>/<project>.git` over HTTPS, which
 * `url.<base>.insteadOf` in git's config may point elsewhere (an SSH remote, a
 * mirror). Project paths and refs are checked before they reach git or a
 * folder name.
 */
import path from 'node:path';
import { STATE_HOME_NAME, userCacheDir } from '../../../state/state-location.js';
import type { GitFacts } from '../importer.js';
import { gitSnapshot, isSafeGitRef, type SnapshotOutcome } from '../git-snapshot.js';

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_SERVER = 'https://gitlab.com';
const PROJECT_PART = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$/;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})(?::[0-9]{1,5})?$/;

/** `LOCALCI_INCLUDES`: comma-separated `refresh` (look tags, branches and remote files up now). */
export function includesRefresh(env: Env): boolean {
  return (env.LOCALCI_INCLUDES ?? '').split(',').some((word) => word.trim().toLowerCase() === 'refresh');
}

/** The GitLab server project includes are fetched from, without a trailing slash. */
export function gitlabServer(git: GitFacts, env: Env): string {
  const named = env.LOCALCI_GITLAB_URL?.trim();
  if (named) return named.replace(/\/+$/, '');
  const host = hostOf(git.remoteUrl);
  return host === undefined || /(^|\.)github\.com$/i.test(host) ? DEFAULT_SERVER : `https://${host}`;
}

/** `git@host:group/app.git`, `ssh://git@host:2222/group/app`, `https://host/group/app.git` → host. */
function hostOf(remoteUrl: string | undefined): string | undefined {
  if (remoteUrl === undefined) return undefined;
  const scp = /^[^/@:]+@([^/:]+):/.exec(remoteUrl);
  if (scp) return HOST.test(scp[1]!) ? scp[1] : undefined;
  try {
    const url = new URL(remoteUrl);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol) || !HOST.test(url.hostname)) return undefined;
    return url.protocol.startsWith('http') ? url.host : url.hostname;
  } catch {
    return undefined;
  }
}

/** `gitlab.example.com`, `10.0.0.5:8443`: a host name (and port) without a user or anything else. */
export function isHost(text: string): boolean {
  return HOST.test(text);
}

/** Why `project` cannot name a GitLab project, or undefined when it can. */
export function projectPathProblem(project: string): string | undefined {
  const parts = project.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length < 2 || parts.length > 20) return `${project} is not a group/project path`;
  return parts.every((part) => PROJECT_PART.test(part) && !part.endsWith('.git') && !/^\.+$/.test(part)) ? undefined : `${project} is not a project path localci can fetch`;
}

export interface ProjectSource {
  /** `https://gitlab.com` or another server's base URL. */
  server: string;
  project: string;
  /** A tag, branch or SHA; undefined: the project's default branch. */
  ref?: string;
}

/** The project's files at the ref, fetched or from the cache; `{ error }` says why not. */
export function fetchProject(source: ProjectSource, env: Env, now = Date.now()): SnapshotOutcome {
  const project = source.project.replace(/^\/+|\/+$/g, '');
  const problem = projectPathProblem(project);
  if (problem !== undefined) return { error: problem };
  if (source.ref !== undefined && !isSafeGitRef(source.ref)) return { error: `${source.ref} is not a ref localci can fetch` };
  let host: string;
  try {
    host = new URL(source.server).host;
  } catch {
    return { error: `${source.server} is not a URL (LOCALCI_GITLAB_URL)` };
  }
  const home = path.join(userCacheDir(env), STATE_HOME_NAME);
  const refDir = path.join(home, 'gitlab', 'projects', host.replace(':', '_'), encodeURIComponent(project), encodeURIComponent(source.ref ?? 'HEAD'));
  return gitSnapshot(
    { url: `${source.server}/${project}.git`, ...(source.ref === undefined ? {} : { ref: source.ref }), home, refDir, inside: () => '', refresh: includesRefresh(env), name: project },
    env,
    now,
  );
}
