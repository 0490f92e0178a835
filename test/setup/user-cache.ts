/**
 * Every test file gets a user cache folder of its own (`XDG_CACHE_HOME`), removed when the
 * file ends: localci keeps the state of projects outside git there, and a test must neither
 * read the state another file left nor leave any in the real home folder. The CLI and the
 * terminals tests start inherit it from this process's environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const cache = mkdtempSync(path.join(os.tmpdir(), 'localci-test-cache-'));
process.env.XDG_CACHE_HOME = cache;

afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
});
