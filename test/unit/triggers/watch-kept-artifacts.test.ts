import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeptArtifacts } from '../../../src/triggers/watch/kept-artifacts.js';
import { runDirOf, statePath } from '../../helpers/local-state.js';

describe('KeptArtifacts', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'localci-unit-kept-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(path.dirname(statePath(root, 'runs')), { recursive: true, force: true });
  });

  function runFolder(name: string, files: Record<string, string>): string {
    const dir = path.join(runDirOf(root, name), 'artifacts', 'build');
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    return dir;
  }

  it('keeps a run’s artifacts when the run folder is pruned, without copying them', async () => {
    const kept = await KeptArtifacts.create(root);
    const source = runFolder('r1', { 'dist/app.js': 'app', 'dist/deep/x.txt': 'x' });
    symlinkSync('app.js', path.join(source, 'dist', 'link.js'));
    const folder = await kept.keep('build', source);
    expect(statSync(path.join(folder, 'dist/app.js')).ino).toBe(statSync(path.join(source, 'dist/app.js')).ino);

    await rm(runDirOf(root, 'r1'), { recursive: true });
    expect(readFileSync(path.join(folder, 'dist/deep/x.txt'), 'utf8')).toBe('x');
    expect(readFileSync(path.join(folder, 'dist/link.js'), 'utf8')).toBe('app');
    await kept.dispose();
    expect(existsSync(folder)).toBe(false);
  });

  it('replaces a job’s folder when it passes again, and has nothing for a job without artifacts', async () => {
    const kept = await KeptArtifacts.create(root);
    const first = await kept.keep('build', runFolder('r1', { 'a.txt': '1' }));
    const second = await kept.keep('build', runFolder('r2', { 'a.txt': '2' }));
    expect(existsSync(first)).toBe(false);
    expect(readFileSync(path.join(second, 'a.txt'), 'utf8')).toBe('2');
    expect(existsSync(await kept.keep('lint', path.join(root, 'missing')))).toBe(false);
    await kept.dispose();
  });

  it('removes what a session that died left behind', async () => {
    const leftover = statePath(root, 'watch', '999999999');
    mkdirSync(leftover, { recursive: true });
    const kept = await KeptArtifacts.create(root);
    expect(existsSync(leftover)).toBe(false);
    await kept.dispose();
  });
});
