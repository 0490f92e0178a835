/** Throw-away project folders for config tests, removed after each test. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A temp folder with `files` (path → content) written in it. By default it
 * is a git root (an empty `.git` folder), so the config search stops there
 * and nothing above the temp folder can leak into a test.
 */
export function tempProject(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'localci-config-')));
  created.push(root);
  if (options.git !== false) mkdirSync(path.join(root, '.git'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export const json = (value: unknown) => JSON.stringify(value, null, 2);
