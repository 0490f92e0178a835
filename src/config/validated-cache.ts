/**
 * Remembers configs that passed the schema, so the next load of the same
 * config can skip importing zod (~60 ms of a ~200 ms `ci list`). The key is
 * a hash of the config's data plus the size and mtime of every module in
 * this folder, so any change to the config or to the validation code misses.
 * Only the schema stage is skipped: check.ts and normalize.ts always run,
 * and only successes are stored, so a cached verdict can never hide an error.
 * The verdicts live in the user's own cache folder, checked folder by folder:
 * in a shared temp folder another user could create the folder first and
 * vouch for a config that the schema would refuse.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkOwnedFolder, makeOwnedFolders, STATE_FOLDER_REFUSAL } from '../state/owned-folders.js';
import { STATE_HOME_NAME, userCacheDir } from '../state/state-location.js';

const moduleDir = path.dirname(fileURLToPath(import.meta.url));

type Env = Readonly<Record<string, string | undefined>>;

const HINT = 'Remove that folder; localci remakes it.';

/** Where the verdicts are kept: localci's folder in the user's cache folder. */
export function validConfigsDir(env: Env = process.env): string {
  return path.join(userCacheDir(env), STATE_HOME_NAME, 'valid-configs');
}

let codeStamp: string | undefined;

/** A key for `raw`, or undefined when it is not plain data (functions, class instances, NaN…) and so is always validated. */
export function validationKey(raw: unknown): string | undefined {
  const data = plainJson(raw, 0);
  if (data === undefined) return undefined;
  codeStamp ??= readdirSync(moduleDir)
    .sort()
    .map((name) => {
      const stat = statSync(path.join(moduleDir, name));
      return `${name}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
  return createHash('sha256').update(codeStamp).update('\0').update(data).digest('hex');
}

export function isKnownValid(key: string, env: Env = process.env): boolean {
  const dir = validConfigsDir(env);
  try {
    // Only a verdict in a real folder of this user counts; anything else is validated again.
    return ownedAllTheWay(dir, env) && existsSync(path.join(dir, key));
  } catch {
    return false;
  }
}

export function rememberValid(key: string, env: Env = process.env): void {
  const dir = validConfigsDir(env);
  try {
    makeOwnedFolders(path.dirname(dir), dir, HINT);
    writeFileSync(path.join(dir, key), '', { flag: 'wx' });
  } catch {
    // A cache that cannot be written (or a folder that is not ours) only costs time.
  }
}

function ownedAllTheWay(dir: string, env: Env): boolean {
  const home = path.join(userCacheDir(env), STATE_HOME_NAME);
  return checkOwnedFolder(home, STATE_FOLDER_REFUSAL, HINT) && checkOwnedFolder(dir, STATE_FOLDER_REFUSAL, HINT);
}

/** JSON text of plain data, keeping key order; undefined for anything JSON would silently change. */
function plainJson(value: unknown, depth: number): string | undefined {
  if (depth > 64) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => plainJson(item, depth + 1));
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return undefined;
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      // An undefined optional key is what zod treats as absent too.
      if (item === undefined) continue;
      const text = plainJson(item, depth + 1);
      if (text === undefined) return undefined;
      parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  }
  return undefined;
}
