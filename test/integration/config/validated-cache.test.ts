import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKnownValid, rememberValid, validConfigsDir, validationKey } from '../../../src/config/validated-cache.js';

describe('schema verdict cache', () => {
  let cacheHome: string;
  let env: Record<string, string>;
  const key = validationKey({ jobs: { test: { image: 'node:20', steps: ['npm test'] } } })!;

  beforeEach(() => {
    cacheHome = mkdtempSync(path.join(os.tmpdir(), 'localci-verdicts-'));
    env = { XDG_CACHE_HOME: cacheHome };
  });
  afterEach(() => rmSync(cacheHome, { recursive: true, force: true }));

  it("keeps verdicts in localci's folder of the user's cache folder", () => {
    expect(isKnownValid(key, env)).toBe(false);
    rememberValid(key, env);
    expect(validConfigsDir(env)).toBe(path.join(cacheHome, 'localci', 'valid-configs'));
    expect(readdirSync(validConfigsDir(env))).toEqual([key]);
    expect(isKnownValid(key, env)).toBe(true);
  });

  it('neither trusts nor writes through a folder that is a symbolic link', () => {
    const elsewhere = path.join(cacheHome, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, key), '');
    mkdirSync(path.join(cacheHome, 'localci'));
    symlinkSync(elsewhere, validConfigsDir(env));

    expect(isKnownValid(key, env)).toBe(false);
    const other = validationKey({ jobs: { lint: { image: 'node:20', steps: ['npm run lint'] } } })!;
    rememberValid(other, env);
    expect(existsSync(path.join(elsewhere, other))).toBe(false);
  });

  it('gives no key to data JSON would change, so such configs are always validated', () => {
    expect(validationKey({ jobs: { test: { timeout: Number.NaN } } })).toBeUndefined();
    expect(validationKey({ jobs: { test: { run: () => undefined } } })).toBeUndefined();
  });
});
