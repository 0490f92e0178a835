/**
 * Temporary directories for tests, all under os.tmpdir() and named `localci-test-*`, so a
 * leftover is easy to recognise. Every directory is registered and removed by
 * cleanupTempDirs(); one made inside a running test is also removed when that test ends,
 * pass or fail, so a test cannot leak one by forgetting the cleanup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, onTestFinished } from 'vitest';
import { claimProjectDir } from './ownership.js';

const pending = new Set<string>();

// Last resort for a worker that ends without running hooks (a cancelled or bailed run).
process.once('exit', () => {
  for (const dir of pending) rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(prefix = ''): string {
  const name = prefix === '' || prefix.endsWith('-') ? prefix : `${prefix}-`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `localci-test-${name}`));
  pending.add(dir);
  // A project run from here labels its Docker objects with a hash of this path.
  claimProjectDir(dir);
  try {
    onTestFinished(() => removeDir(dir));
  } catch {
    // Not inside a test (beforeAll, module scope): the directory outlives single tests and is
    // removed by cleanupTempDirs(), e.g. from afterAll or useTempDirs().
  }
  return dir;
}

export async function cleanupTempDirs(): Promise<void> {
  await Promise.all([...pending].map(removeDir));
}

/** Registers the cleanup hooks for a test file: after each test and after the whole file. */
export function useTempDirs(): void {
  afterEach(cleanupTempDirs);
  afterAll(cleanupTempDirs);
}

async function removeDir(dir: string): Promise<void> {
  pending.delete(dir);
  // Retries: a process that just exited (git, the CLI) can still be releasing files.
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
