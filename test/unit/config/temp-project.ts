/** Throw-away project folders for config tests, removed when the test that made them ends. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A temp folder with `files` (path → content) written in it. By default it
 * is a git root (an empty `.git` folder), so the config search stops there
 * and nothing above the temp folder can leak into a test.
 */
export function tempProject(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'localci-config-')));
  // Registered per folder, not in a module-level afterEach: test files share this module when
  // the unit project runs without isolation, and such a hook would belong to the first file only.
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
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
