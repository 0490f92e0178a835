/**
 * `owner/repo@ref`, `owner/repo/path@ref`: an action or reusable workflow of
 * another repository. Names are checked before any of them reaches git or a
 * folder name: owner and repository as GitHub allows them, a path without
 * `..`, a ref git would accept (a tag, a branch, or a 40-hex commit SHA).
 */
export interface RemoteRef {
  owner: string;
  repo: string;
  /** The folder (or file) inside the repository, `/`-separated; '' for its root. */
  path: string;
  ref: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const REF = /^[A-Za-z0-9._/+-]{1,200}$/;
const PATH_PART = /^[A-Za-z0-9._ +-]+$/;

/** Undefined when `uses` is not a remote reference localci can fetch (a local path, `docker://`, a malformed name). */
export function parseRemoteRef(uses: string): RemoteRef | undefined {
  const at = uses.lastIndexOf('@');
  if (at <= 0 || uses.startsWith('./') || uses.includes('://')) return undefined;
  const [owner = '', repo = '', ...parts] = uses.slice(0, at).split('/');
  const ref = uses.slice(at + 1);
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') return undefined;
  if (!parts.every((part) => PATH_PART.test(part) && part !== '.' && part !== '..')) return undefined;
  if (!isSafeRef(ref)) return undefined;
  return { owner, repo, path: parts.join('/'), ref };
}

/** A full commit SHA never changes what it names; tags and branches may move. */
export function isCommitSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

/** The rules of `git check-ref-format` that matter here, and no leading `-` (it would read as an option). */
function isSafeRef(ref: string): boolean {
  if (!REF.test(ref) || ref.startsWith('-') || ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.')) return false;
  return !ref.includes('..') && !ref.includes('//') && !ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
}

/** Where git fetches a repository from: GitHub, which `url.<base>.insteadOf` in git's config can point elsewhere. */
export function cloneUrl(ref: RemoteRef): string {
  return `https://github.com/${ref.owner}/${ref.repo}`;
}
