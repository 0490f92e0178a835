/**
 * Remembers configs that passed the schema, so the next load of the same
 * config can skip importing zod (~60 ms of a ~200 ms `ci list`). The key is
 * a hash of the config's data plus the size and mtime of every module in
 * this folder, so any change to the config or to the validation code misses.
 * Only the schema stage is skipped: check.ts and normalize.ts always run,
 * and only successes are stored, so a cached verdict can never hide an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleDir = path.dirname(fileURLToPath(import.meta.url));

// Per user: another user's files must not be able to vouch for our configs.
const cacheDir = path.join(os.tmpdir(), `localci-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`, 'valid-configs');

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

export function isKnownValid(key: string): boolean {
  return existsSync(path.join(cacheDir, key));
}

export function rememberValid(key: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(cacheDir, key), '');
  } catch {
    // A cache that cannot be written only costs time.
  }
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
