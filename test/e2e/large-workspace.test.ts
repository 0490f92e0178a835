/**
 * A 50,000-file repository: every job sees exactly the tree (no ignored file),
 * can't change the host tree or another job's view, the second run changes only
 * what differs in its snapshot, and nothing is left behind. The same files once git
 * no longer tracks them must still arrive, every one: the untracked run prints how long
 * it took, for comparing ways of delivering the tree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { treeHash } from '../helpers/tree-hash.js';
import { snapshotTrees, tempEntries } from '../helpers/local-state.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

const FILES = 50_000;
const COUNT = 'find . -type f | wc -l';

const config = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    count: { steps: [COUNT, 'test ! -e big.ignored && echo ignored-absent', 'head -1 d99/f499.txt'] },
    wipe: { steps: ['rm -rf ./* ./.[!.]*', 'echo mine > shared.txt', 'sleep 1', 'cat shared.txt', `${COUNT}`] },
    other: { steps: ['echo theirs > shared.txt', 'echo edited > d0/f0.txt', 'sleep 1', 'cat shared.txt', COUNT] },
  },
};

let repo: string;

beforeAll(async () => {
  repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config), '.gitignore': '*.ignored\n' });
  // 100 folders of 500 files of ~4 KB, like a real source tree.
  const body = 'x'.repeat(4000);
  for (let dir = 0; dir < FILES / 500; dir += 1) {
    mkdirSync(path.join(repo, `d${dir}`));
    for (let file = 0; file < 500; file += 1) writeFileSync(path.join(repo, `d${dir}`, `f${file}.txt`), `${dir}/${file}\n${body}`);
  }
  writeFileSync(path.join(repo, 'big.ignored'), 'never sent');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'fifty thousand files');
}, 300_000);

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

describe('a 50,000-file workspace', () => {
  it('reaches every job whole, isolated, and leaves the host tree and Docker as they were', async () => {
    const before = treeHash(repo);
    const cold = await runCli(['run', '--debug', '--concurrency', '3'], { cwd: repo });
    expect(cold.exitCode, cold.all).toBe(0);
    expect(cold.all).toMatch(/workspace: snapshot \w+ built: 50002 added, 0 removed of 50002 files/);
    expect(jobLines(cold.all, 'count')).toEqual(expect.arrayContaining(['50002', 'ignored-absent']));
    // Each job sees its own writes only, and a job that deleted everything took nothing from the others.
    expect(jobLines(cold.all, 'wipe')).toEqual(expect.arrayContaining(['mine', '1']));
    expect(jobLines(cold.all, 'other')).toEqual(expect.arrayContaining(['theirs', '50003']));
    expect(treeHash(repo)).toBe(before);
    expect(await git(repo, 'status', '--porcelain')).toBe('');
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
    expect(tempEntries(repo)).toEqual([]);

    // A few files changed: the snapshot changes by those files only.
    writeFileSync(path.join(repo, 'd1', 'f1.txt'), 'changed');
    writeFileSync(path.join(repo, 'added.txt'), 'new');
    const warm = await runCli(['run', '--debug', '--no-cache', 'count'], { cwd: repo });
    expect(warm.exitCode, warm.all).toBe(0);
    expect(warm.all).toMatch(/workspace: snapshot \w+ updated: 2 added, 1 removed of 50003 files/);
    expect(jobLines(warm.all, 'count')).toContain('50003');
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('runs a commit from git objects, sharing unchanged files with the working tree', async () => {
    writeFileSync(path.join(repo, 'd2', 'f2.txt'), 'uncommitted');
    const result = await runCli(['run', '--debug', '--no-cache', '--commit', 'HEAD', 'count'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(jobLines(result.all, 'count')).toContain('50002');
    const trees = snapshotTrees(repo);
    expect(trees.length).toBeLessThanOrEqual(2);
  });

  it('delivers the 50,000 files every one when git tracks none of them', async () => {
    // The files stay on disk; only git forgets them: the tree is read and hashed from the
    // files themselves (with the cache on, whose keys hash all of them: that once failed with EMFILE).
    // -f: git would otherwise read every file to check it is not the only copy (ten times slower).
    await git(repo, 'rm', '-r', '-q', '-f', '--cached', ...Array.from({ length: FILES / 500 }, (_, dir) => `d${dir}`));
    await git(repo, 'commit', '-qm', 'git tracks none of the files');
    expect(await git(repo, 'ls-files')).not.toMatch(/^d\d+\//m);
    const started = Date.now();
    const result = await runCli(['run', 'count'], { cwd: repo });
    console.log(`ci run of one job over ${FILES} untracked files: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(result.exitCode, result.all).toBe(0);
    // 50,000 files, the config, .gitignore and the file the first test added.
    expect(jobLines(result.all, 'count')).toEqual(expect.arrayContaining(['50003', 'ignored-absent', '99/499']));
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
