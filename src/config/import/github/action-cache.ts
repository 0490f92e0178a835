/**
 * Actions and reusable workflows of other repositories, fetched with git once
 * into the user's cache folder and kept there:
 *
 *   <cache>/localci/actions/<owner>/<repo>/<ref>/resolved.json   the commit the ref named, and when
 *   <cache>/localci/actions/<owner>/<repo>/<ref>/<sha>/          a layer mirroring /workspace:
 *       .localci-github/actions/<owner>/<repo>/<sha>/…           the repository's files at that commit
 *
 * A commit SHA names the same files forever, so it is fetched once. A tag or a
 * branch may move: it is looked up again when its last check is older than a
 * day, or when `LOCALCI_ACTIONS=refresh` asks. When that look-up fails (no
 * network) the copy already fetched is used, with a warning. Every folder on
 * the way is a real folder of the user (never a link); a fetch lands in a
 * temporary folder first and is renamed into place, so a copy is whole or absent.
 * The repository is fetched from GitHub (`url.<base>.insteadOf` in git's
 * config may point git elsewhere); nothing but the repository's files is kept.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeOwnedFolders } from '../../../state/owned-folders.js';
import { removeTreeSync } from '../../../state/safe-remove.js';
import { STATE_HOME_NAME, userCacheDir } from '../../../state/state-location.js';
import { actionsCacheRoot } from '../../action-layers.js';
import { WORKSPACE } from './github-context.js';
import { cloneUrl, isCommitSha, type RemoteRef } from './remote-ref.js';

/** How long a tag or branch is trusted to name the commit it named. */
export const REF_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 120_000;

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

/** Whether the copy recorded at `checkedAt` may be used without asking the remote again. */
export function isFresh(ref: string, checkedAt: number | undefined, now: number, refresh: boolean): boolean {
  if (checkedAt === undefined) return false;
  if (isCommitSha(ref)) return true;
  return !refresh && now - checkedAt >= 0 && now - checkedAt < REF_CHECK_INTERVAL_MS;
}

interface Resolved {
  sha: string;
  checkedAt: number;
}

/** One fetch per repository and ref per process, whatever number of steps use it. */
const fetched = new Map<string, FetchOutcome>();

export function fetchRemote(ref: RemoteRef, env: Readonly<Record<string, string | undefined>>, now = Date.now()): FetchOutcome {
  const home = path.join(userCacheDir(env), STATE_HOME_NAME);
  const refDir = path.join(actionsCacheRoot(env), ref.owner, ref.repo, encodeURIComponent(ref.ref));
  const memo = `${refDir}\0${env.LOCALCI_ACTIONS ?? ''}`;
  const known = fetched.get(memo);
  if (known !== undefined) return known;
  const outcome = fetchInto(ref, home, refDir, env, now);
  fetched.set(memo, outcome);
  return outcome;
}

function fetchInto(ref: RemoteRef, home: string, refDir: string, env: Readonly<Record<string, string | undefined>>, now: number): FetchOutcome {
  try {
    makeOwnedFolders(home, refDir, 'remove it, or point XDG_CACHE_HOME elsewhere');
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const recorded = readResolved(refDir);
  const copy = recorded === undefined ? undefined : located(ref, refDir, recorded.sha);
  if (copy !== undefined && isFresh(ref.ref, recorded!.checkedAt, now, actionsSettings(env).refresh)) return copy;
  const result = fetchCommit(ref, refDir, env);
  if ('sha' in result) {
    writeResolved(refDir, { sha: result.sha, checkedAt: now });
    return located(ref, refDir, result.sha)!;
  }
  if (copy !== undefined) return { ...copy, stale: `could not look ${ref.ref} up again (${result.error}); using the copy fetched ${new Date(recorded!.checkedAt).toISOString()}` };
  return result;
}

function located(ref: RemoteRef, refDir: string, sha: string): FetchedRepo | undefined {
  const layer = path.join(refDir, sha);
  const inside = mirrorPath(ref, sha);
  const tree = path.join(layer, inside);
  return existsSync(tree) ? { sha, layer, tree, containerDir: `${WORKSPACE}/${inside}` } : undefined;
}

/** Where a fetched repository's files sit in the workspace (and in its layer). */
export function mirrorPath(ref: RemoteRef, sha: string): string {
  return `.localci-github/actions/${ref.owner}/${ref.repo}/${sha}`;
}

/** Fetches the ref's commit into a temporary folder beside the cache entry and renames its files into place. */
function fetchCommit(ref: RemoteRef, refDir: string, env: Readonly<Record<string, string | undefined>>): { sha: string } | { error: string } {
  const work = mkdtempSync(path.join(refDir, '.fetch-'));
  try {
    const gitDir = path.join(work, 'git');
    const git = (args: string[]) => runGit(['--git-dir', gitDir, ...args], env);
    const failed = runGit(['init', '-q', '--bare', gitDir], env) ?? git(['fetch', '-q', '--depth', '1', '--no-tags', cloneUrl(ref), ref.ref]);
    if (typeof failed === 'string') return { error: failed };
    const sha = spawnSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', 'FETCH_HEAD^{commit}'], { encoding: 'utf8', env: gitEnv(env) }).stdout.trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) return { error: `${ref.ref} does not name a commit` };
    if (isCommitSha(ref.ref) && sha.toLowerCase() !== ref.ref.toLowerCase()) return { error: `${ref.ref} is not a commit of ${ref.owner}/${ref.repo}` };
    const staged = path.join(work, 'layer');
    const tree = path.join(staged, mirrorPath(ref, sha));
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
function runGit(args: string[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  const result = spawnSync('git', args, { encoding: 'utf8', env: gitEnv(env), timeout: FETCH_TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.error !== undefined) return `git could not run: ${result.error.message}`;
  if (result.status === 0) return undefined;
  const lines = (result.stderr ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  // git's first complaint names the cause; the lines after it are general advice.
  return cleanMessage(lines.find((line) => /^(fatal|error):/.test(line)) ?? lines.at(-1) ?? `git exited with ${result.status ?? result.signal}`);
}

/** A URL's user and password (an `insteadOf` with a token) and terminal control characters never reach a message. */
export function cleanMessage(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\/\/[^/@\s]*@/g, '//').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/^(fatal|error): /, '').replace(/\.$/, '').slice(0, 300);
}

function gitEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
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
