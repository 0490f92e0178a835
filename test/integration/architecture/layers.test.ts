/**
 * The run layer talks to backends only through src/backend/backend.ts and provider.ts: no file
 * under src/run or src/triggers imports dockerode or an implementation, so any backend (and the
 * fake one of the tests) can stand behind it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo-root.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the backend seam', () => {
  it('keeps dockerode and backend implementations out of the run layer and the triggers', () => {
    const offenders = ['src/run', 'src/triggers'].flatMap((dir) =>
      sources(path.join(REPO_ROOT, dir)).flatMap((file) => {
        const imports = [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1]!);
        const bad = imports.filter((name) => name === 'dockerode' || /backend\/(?!backend\.js|provider\.js)[^/]+\//.test(name));
        return bad.map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`);
      }),
    );
    expect(offenders).toEqual([]);
  });
});
