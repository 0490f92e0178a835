/**
 * `include: remote`: a YAML file fetched over HTTP(S) once into the user's cache
 * and kept there, like a project include:
 *
 *   <cache>/localci/gitlab/remote/<sha256 of the URL>/include.yml    the file as fetched
 *   <cache>/localci/gitlab/remote/<sha256 of the URL>/fetched.json   its URL, and when
 *
 * A copy younger than a day is used as it is (`LOCALCI_INCLUDES=refresh` fetches
 * again); an older one is fetched again, and kept when that fails (no network),
 * with a note saying so. Only `http:` and `https:` URLs without a user or
 * password are fetched, within a time and a size limit; the file is read as
 * YAML data, as GitLab reads it, and never run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeOwnedFolders } from '../../../state/owned-folders.js';
import { STATE_HOME_NAME, userCacheDir } from '../../../state/state-location.js';
import { cleanMessage, REF_CHECK_INTERVAL_MS } from '../git-snapshot.js';
import { includesRefresh } from './project-include.js';

type Env = Readonly<Record<string, string | undefined>>;

const FETCH_TIMEOUT_MS = 15_000;
/** Far above any real CI file; stops a hostile server from filling the disk or the memory. */
export const MAX_REMOTE_BYTES = 1024 * 1024;

export type RemoteOutcome = { file: string; stale?: string } | { error: string };

/** Why localci will not fetch `url`, or undefined when it will. */
export function remoteUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `${parsed.protocol} URLs are not fetched (http and https only)`;
  if (parsed.username !== '' || parsed.password !== '') return 'a URL with a user or password is not fetched (GitLab fetches remote includes without credentials too)';
  return undefined;
}

/** One fetch per URL per process, whatever number of files include it. */
const fetched = new Map<string, Promise<RemoteOutcome>>();

export function fetchRemoteInclude(url: string, env: Env, now = Date.now()): Promise<RemoteOutcome> {
  const problem = remoteUrlProblem(url);
  if (problem !== undefined) return Promise.resolve({ error: problem });
  const home = path.join(userCacheDir(env), STATE_HOME_NAME);
  const dir = path.join(home, 'gitlab', 'remote', createHash('sha256').update(url).digest('hex').slice(0, 32));
  const refresh = includesRefresh(env);
  const memo = `${dir}\0${refresh}`;
  const known = fetched.get(memo);
  if (known !== undefined) return known;
  const outcome = fetchInto(url, home, dir, refresh, now);
  fetched.set(memo, outcome);
  return outcome;
}

async function fetchInto(url: string, home: string, dir: string, refresh: boolean, now: number): Promise<RemoteOutcome> {
  try {
    makeOwnedFolders(home, dir, 'remove it, or point XDG_CACHE_HOME elsewhere');
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const file = path.join(dir, 'include.yml');
  const checkedAt = readFetchedAt(dir, url);
  const copy = checkedAt !== undefined && existsSync(file);
  if (copy && !refresh && now - checkedAt >= 0 && now - checkedAt < REF_CHECK_INTERVAL_MS) return { file };
  const body = await download(url);
  if (typeof body !== 'string') {
    return copy ? { file, stale: `could not fetch it again (${body.error}); using the copy fetched ${new Date(checkedAt).toISOString()}` } : body;
  }
  writeAtomically(file, body);
  writeAtomically(path.join(dir, 'fetched.json'), JSON.stringify({ url, checkedAt: now }));
  return { file };
}

/** The body as text, or why not: a status other than 200, a timeout, more than MAX_REMOTE_BYTES. */
async function download(url: string): Promise<string | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'text/plain, application/x-yaml, */*' } });
    if (response.status !== 200 || response.body === null) {
      await response.body?.cancel();
      return { error: `the server answered ${response.status}` };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).byteLength;
      if (size > MAX_REMOTE_BYTES) return { error: `larger than ${MAX_REMOTE_BYTES / 1024 / 1024} MiB` };
      chunks.push(chunk as Uint8Array);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    return { error: cleanMessage(error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : (cause ?? String(error))) };
  }
}

function readFetchedAt(dir: string, url: string): number | undefined {
  try {
    const data = JSON.parse(readFileSync(path.join(dir, 'fetched.json'), 'utf8')) as { url?: unknown; checkedAt?: unknown };
    return data.url === url && typeof data.checkedAt === 'number' ? data.checkedAt : undefined;
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string): void {
  const staged = `${file}.${process.pid}.tmp`;
  writeFileSync(staged, text);
  renameSync(staged, file);
}
