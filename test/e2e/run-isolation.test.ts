/**
 * What the containers see, and that they cannot touch the user's files:
 * the tree as git would commit it now, `--commit` exactly, and plain folders.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { recordedRunIds, stateDirOf } from '../helpers/local-state.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { treeHash } from '../helpers/tree-hash.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const config = (steps: string[]) => JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { look: { steps } } });
const LIST_FILES = 'find . -type f | sort';

describe('ci run source semantics', () => {
  it('leaves the host tree byte-identical after a job that deletes and rewrites /workspace', async () => {
    const repo = await createGitRepo(
      {
        'ci.config.json': config(['rm -rf /workspace/* /workspace/.[!.]*', 'echo rewritten > /workspace/src.txt', 'mkdir -p sub && echo x > sub/new', 'ls -A /workspace']),
        'src.txt': 'original\n',
        'keep/nested.txt': 'nested\n',
        '.gitignore': 'node_modules/\n',
      },
      { commit: true },
    );
    writeFileSync(path.join(repo, 'untracked.txt'), 'untracked but not ignored\n');
    const before = treeHash(repo);
    const status = await git(repo, 'status', '--porcelain');
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(jobLines(result.stdout, 'look')).toEqual(expect.arrayContaining(['src.txt', 'sub']));
    expect(treeHash(repo)).toBe(before);
    expect(await git(repo, 'status', '--porcelain')).toBe(status);
  });

  it('sends tracked and untracked-not-ignored files, never ignored ones', async () => {
    const repo = await createGitRepo(
      {
        'ci.config.json': config([LIST_FILES]),
        '.gitignore': 'node_modules/\n.env\n*.log\n',
        'src/app.js': 'tracked\n',
      },
      { commit: true },
    );
    mkdirSync(path.join(repo, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(path.join(repo, 'node_modules', 'left-pad', 'index.js'), 'ignored\n');
    writeFileSync(path.join(repo, '.env'), 'SECRET=1\n');
    writeFileSync(path.join(repo, 'debug.log'), 'ignored\n');
    writeFileSync(path.join(repo, 'src', 'new.js'), 'untracked\n');
    writeFileSync(path.join(repo, 'src', 'app.js'), 'edited, not committed\n');

    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const files = jobLines(result.stdout, 'look').filter((line) => line.startsWith('./'));
    expect(files).toEqual(['./.gitignore', './ci.config.json', './src/app.js', './src/new.js']);
  });

  it('runs exactly a commit with --commit, ignoring the working tree', async () => {
    const repo = await createGitRepo({ 'ci.config.json': config(['cat version.txt', LIST_FILES]), 'version.txt': 'one\n' }, { commit: true });
    const first = await git(repo, 'rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'version.txt'), 'two\n');
    await git(repo, 'commit', '-qam', 'two');
    writeFileSync(path.join(repo, 'version.txt'), 'dirty\n');
    writeFileSync(path.join(repo, 'extra.txt'), 'untracked\n');

    const result = await runCli(['run', '--commit', first], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const lines = jobLines(result.stdout, 'look');
    expect(lines).toContain('one');
    expect(lines).not.toContain('./extra.txt');
    expect(result.stdout).toContain(`at ${first.slice(0, 8)}`);

    const bad = await runCli(['run', '--commit', 'no-such-ref'], { cwd: repo });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--commit no-such-ref does not name a commit');
  });

  it('works outside a git repository, sending every file except .localci (the user\'s secrets), writing nothing into the folder', async () => {
    const dir = makeTempDir('plain-');
    writeFileSync(path.join(dir, 'ci.config.json'), config([LIST_FILES]));
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'a.txt'), 'a\n');
    mkdirSync(path.join(dir, '.localci'));
    writeFileSync(path.join(dir, '.localci', 'secrets'), 'TOKEN=never-sent\n');
    const before = treeHash(dir);
    const result = await runCli(['run'], { cwd: dir });
    expect(result.exitCode, result.all).toBe(0);
    const files = jobLines(result.stdout, 'look').filter((line) => line.startsWith('./'));
    expect(files).toEqual(['./ci.config.json', './lib/a.txt']);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
    // The run's state went to the user's cache folder.
    expect(treeHash(dir)).toBe(before);
    expect(stateDirOf(dir).startsWith(path.join(process.env.XDG_CACHE_HOME!, 'localci'))).toBe(true);
    expect(recordedRunIds(dir)).toHaveLength(1);
  });
});
