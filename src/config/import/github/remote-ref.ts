/**
 * `owner/repo@ref`, `owner/repo/path@ref`: an action or reusable workflow of
 * another repository. Names are checked before any of them reaches git or a
 * folder name: owner and repository as GitHub allows them, a path without
 * `..`, a ref git would accept (a tag, a branch, or a 40-hex commit SHA).
 */
import { isSafeGitRef } from '../git-snapshot.js';

export { isCommitSha } from '../git-snapshot.js';

export interface RemoteRef {
  owner: string;
  repo: string;
  /** The folder (or file) inside the repository, `/`-separated; '' for its root. */
  path: string;
  ref: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const PATH_PART = /^[A-Za-z0-9._ +-]+$/;

/** Undefined when `uses` is not a remote reference localci can fetch (a local path, `docker://`, a malformed name). */
export function parseRemoteRef(uses: string): RemoteRef | undefined {
  const at = uses.lastIndexOf('@');
  if (at <= 0 || uses.startsWith('./') || uses.includes('://')) return undefined;
  const [owner = '', repo = '', ...parts] = uses.slice(0, at).split('/');
  const ref = uses.slice(at + 1);
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') return undefined;
  if (!parts.every((part) => PATH_PART.test(part) && part !== '.' && part !== '..')) return undefined;
  if (!isSafeGitRef(ref)) return undefined;
  return { owner, repo, path: parts.join('/'), ref };
}

/** Where git fetches a repository from: GitHub, which `url.<base>.insteadOf` in git's config can point elsewhere. */
export function cloneUrl(ref: RemoteRef): string {
  return `https://github.com/${ref.owner}/${ref.repo}`;
}
