/**
 * Workspaces whose size is the problem: a 1 GB file that git ignores must not be read or sent
 * (the run stays as quick as without it), and a tree of 50,000 small files must arrive whole.
 * The 50,000-file run prints how long it took, for comparing ways of delivering the tree.
 */
import { closeSync, mkdirSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { jobLines } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const NOTHING = { containers: [], networks: [], volumes: [] };
const GIB = 1024 ** 3;

/** A file of `size` bytes that takes no disk space (sparse), made in an instant. */
function sparseFile(file: string, size: number): void {
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
}

describe('large workspaces', () => {
  it('neither sends nor reads a 1 GB file that git ignores', async () => {
    const repo = await createBusyboxProject(
      { look: { steps: ['ls -A', 'test ! -e disk.img && echo "no disk image here"'] } },
      { kind: 'worktree', files: { '.gitignore': '*.img\n', 'src/app.js': 'app\n' }, populate: (dir) => sparseFile(path.join(dir, 'disk.img'), GIB) },
    );
    const started = Date.now();
    // With the job-result cache on: its keys hash the tree too, and must skip the ignored file.
    const result = await runCli(['run'], { cwd: repo });
    const took = Date.now() - started;
    expect(result.exitCode, result.all).toBe(0);
    expect(jobLines(result.stdout, 'look')).toContain('no disk image here');
    // Reading or copying 1 GB takes many seconds even from the page cache; a run of one small job, two or three.
    expect(took).toBeLessThan(15_000);
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('delivers 50,000 small files, every one', { timeout: 300_000 }, async () => {
    const dirs = 100;
    const perDir = 500;
    const repo = await createBusyboxProject(
      { count: { steps: ['echo "files: $(find src -type f | wc -l)"', 'cat src/d99/f499.txt'] } },
      {
        kind: 'worktree',
        populate: (dir) => {
          for (let d = 0; d < dirs; d++) {
            mkdirSync(path.join(dir, 'src', `d${d}`), { recursive: true });
            for (let f = 0; f < perDir; f++) writeFileSync(path.join(dir, 'src', `d${d}`, `f${f}.txt`), `file ${d}/${f}\n`);
          }
        },
      },
    );
    const started = Date.now();
    // The cache is on: its keys hash all 50,000 files as well (that once failed with EMFILE).
    const result = await runCli(['run'], { cwd: repo, timeoutMs: 280_000 });
    const took = Date.now() - started;
    console.log(`ci run of one job over ${dirs * perDir} untracked files: ${(took / 1000).toFixed(1)} s`);
    expect(result.exitCode, result.all).toBe(0);
    expect(jobLines(result.stdout, 'count')).toEqual(expect.arrayContaining([`files: ${dirs * perDir}`, 'file 99/499']));
    expect(await localciObjects()).toEqual(NOTHING);
  });
});
