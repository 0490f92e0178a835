/**
 * Files of another repository at one ref, fetched with git once into a folder
 * of the user's cache and kept there (remote GitHub actions, GitLab project
 * includes and components):
 *
 *   <refDir>/resolved.json        the commit the ref named, and when it was looked up
 *   <refDir>/<sha>/<inside(sha)>/ the repository's files at that commit
 *
 * A commit SHA names the same files forever, so it is fetched once. A tag or a
 * branch (or the remote's HEAD) may move: it is looked up again when its last
 * check is older than a day, or when a refresh is asked. When that look-up
 * fails (no network) the copy already fetched is used, with a note saying so.
 * Every folder on the way is a real folder of the user (never a link); a fetch
 * lands in a temporary folder first and is renamed into place, so a copy is
 * whole or absent. `url.<base>.insteadOf` in git's config may point git
 * elsewhere; nothing but the repository's files is kept.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeOwnedFolders } from '../../state/owned-folders.js';
import { removeTreeSync } from '../../state/safe-remove.js';

/** How long a tag or branch is trusted to name the commit it named. */
export const REF_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 120_000;

type Env = Readonly<Record<string, string | undefined>>;

export interface SnapshotRequest {
  /** What git fetches from. */
  url: string;
  /** A tag, a branch or a commit SHA (checked with isSafeGitRef); undefined: the remote's HEAD. */
  ref?: string;
  /** localci's folder in the user's cache: every folder from it down to `refDir` is checked. */
  home: string;
  /** This repository and ref's folder in the cache. */
  refDir: string;
  /** Where the files go below `<refDir>/<sha>` ('' for right there). */
  inside(sha: string): string;
  /** Look a tag or branch up even when its last check is recent. */
  refresh: boolean;
  /** How messages name the repository (`acme/tools`). */
  name: string;
}

export interface Snapshot {
  sha: string;
  /** `<refDir>/<sha>`. */
  root: string;
  /** The repository's files at `sha`. */
  tree: string;
  /** Said once as a warning: the copy is older than wanted (the look-up failed). */
  stale?: string;
}

export type SnapshotOutcome = Snapshot | { error: string };

interface Resolved {
  sha: string;
  checkedAt: number;
}

/** A full commit SHA never changes what it names; tags and branches may move. */
export function isCommitSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

/** The rules of `git check-ref-format` that matter here, and no leading `-` (it would read as an option). */
export function isSafeGitRef(ref: string): boolean {
  if (!/^[A-Za-z0-9._/+-]{1,200}$/.test(ref) || ref.startsWith('-') || ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.')) return false;
  return !ref.includes('..') && !ref.includes('//') && !ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
}

/** Whether the copy recorded at `checkedAt` may be used without asking the remote again. */
export function isFresh(ref: string | undefined, checkedAt: number | undefined, now: number, refresh: boolean): boolean {
  if (checkedAt === undefined) return false;
  if (ref !== undefined && isCommitSha(ref)) return true;
  return !refresh && now - checkedAt >= 0 && now - checkedAt < REF_CHECK_INTERVAL_MS;
}

/** One fetch per repository and ref per process, whatever number of steps or includes use it. */
const fetched = new Map<string, SnapshotOutcome>();

export function gitSnapshot(request: SnapshotRequest, env: Env, now = Date.now()): SnapshotOutcome {
  const memo = `${request.refDir}\0${request.refresh}`;
  const known = fetched.get(memo);
  if (known !== undefined) return known;
  const outcome = snapshotInto(request, env, now);
  fetched.set(memo, outcome);
  return outcome;
}

function snapshotInto(request: SnapshotRequest, env: Env, now: number): SnapshotOutcome {
  const { refDir, ref } = request;
  try {
    makeOwnedFolders(request.home, refDir, 'remove it, or point XDG_CACHE_HOME elsewhere');
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const recorded = readResolved(refDir);
  const copy = recorded === undefined ? undefined : located(request, recorded.sha);
  if (copy !== undefined && isFresh(ref, recorded!.checkedAt, now, request.refresh)) return copy;
  const result = fetchCommit(request, env);
  if ('sha' in result) {
    writeResolved(refDir, { sha: result.sha, checkedAt: now });
    return located(request, result.sha)!;
  }
  if (copy !== undefined) return { ...copy, stale: `could not look ${ref ?? 'HEAD'} up again (${result.error}); using the copy fetched ${new Date(recorded!.checkedAt).toISOString()}` };
  return result;
}

function located(request: SnapshotRequest, sha: string): Snapshot | undefined {
  const root = path.join(request.refDir, sha);
  const tree = path.join(root, request.inside(sha));
  return existsSync(tree) ? { sha, root, tree } : undefined;
}

/** Fetches the ref's commit into a temporary folder beside the cache entry and renames its files into place. */
function fetchCommit(request: SnapshotRequest, env: Env): { sha: string } | { error: string } {
  const { refDir, ref } = request;
  const work = mkdtempSync(path.join(refDir, '.fetch-'));
  try {
    const gitDir = path.join(work, 'git');
    const git = (args: string[]) => runGit(['--git-dir', gitDir, ...args], env);
    const failed = runGit(['init', '-q', '--bare', gitDir], env) ?? git(['fetch', '-q', '--depth', '1', '--no-tags', request.url, ...(ref === undefined ? [] : [ref])]);
    if (typeof failed === 'string') return { error: failed };
    const sha = spawnSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', 'FETCH_HEAD^{commit}'], { encoding: 'utf8', env: gitEnv(env) }).stdout.trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) return { error: `${ref ?? 'HEAD'} does not name a commit` };
    if (ref !== undefined && isCommitSha(ref) && sha.toLowerCase() !== ref.toLowerCase()) return { error: `${ref} is not a commit of ${request.name}` };
    const staged = path.join(work, 'snapshot');
    const tree = path.join(staged, request.inside(sha));
    mkdirSync(tree, { recursive: true });
    const checkout = git(['--work-tree', tree, 'checkout', '-q', '-f', 'FETCH_HEAD', '--', '.']);
    if (typeof checkout === 'string') return { error: checkout };
    if (!existsSync(path.join(refDir, sha))) renameSync(staged, path.join(refDir, sha));
    return { sha };
  } finally {
    removeTreeSync(work, refDir);
  }
}

/** Undefined when git succeeded, else its last line of complaint, without credentials or control characters. */
export function runGit(args: string[], env: Env): string | undefined {
  const result = gitOutput(args, env);
  return typeof result === 'string' ? undefined : result.error;
}

/** The tags of a remote repository (`git ls-remote --tags`), names without `refs/tags/`. */
export function remoteTags(url: string, env: Env): string[] | { error: string } {
  const result = gitOutput(['ls-remote', '--tags', '--refs', url], env);
  if (typeof result !== 'string') return result;
  return result.split('\n').flatMap((line) => /^[0-9a-f]{40}\trefs\/tags\/(.+)$/.exec(line.trim())?.[1] ?? []);
}

/** git's standard output, or its first line of complaint (cleaned) when it fails. */
function gitOutput(args: string[], env: Env): string | { error: string } {
  const result = spawnSync('git', args, { encoding: 'utf8', env: gitEnv(env), timeout: FETCH_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  if (result.error !== undefined) return { error: `git could not run: ${result.error.message}` };
  if (result.status === 0) return result.stdout;
  const lines = (result.stderr ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  // git's first complaint names the cause; the lines after it are general advice.
  return { error: cleanMessage(lines.find((line) => /^(fatal|error):/.test(line)) ?? lines.at(-1) ?? `git exited with ${result.status ?? result.signal}`) };
}

/** A URL's user and password (an `insteadOf` with a token) and terminal control characters never reach a message. */
export function cleanMessage(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\/\/[^/@\s]*@/g, '//').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/^(fatal|error): /, '').replace(/\.$/, '').slice(0, 300);
}

function gitEnv(env: Env): NodeJS.ProcessEnv {
  // Never ask for a password on the terminal: a repository that needs one is a failed fetch.
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', SSH_ASKPASS: 'true' } as NodeJS.ProcessEnv;
}

function readResolved(refDir: string): Resolved | undefined {
  try {
    const data = JSON.parse(readFileSync(path.join(refDir, 'resolved.json'), 'utf8')) as Partial<Resolved>;
    return typeof data.sha === 'string' && /^[0-9a-f]{40}$/.test(data.sha) && typeof data.checkedAt === 'number' ? { sha: data.sha, checkedAt: data.checkedAt } : undefined;
  } catch {
    return undefined;
  }
}

function writeResolved(refDir: string, resolved: Resolved): void {
  const staged = path.join(refDir, `.resolved-${process.pid}.json`);
  writeFileSync(staged, JSON.stringify(resolved));
  renameSync(staged, path.join(refDir, 'resolved.json'));
}
