/**
 * A repository that commits `.localci` as a symbolic link to a folder outside the project,
 * laid out the way localci's state used to be (a dead run's temp folder, old runs, cached
 * results, snapshot folders) so that every reaper, pruner and `clear` would find work there.
 * `ci run`, `ci watch`, the pre-push hook and `ci cache clear|prune` must refuse it (exit 2,
 * one sentence naming it) before writing anything, and leave the folder behind the link as it
 * was; so must a state folder inside the git directory that is a link.
 */
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, git, pushMain } from '../helpers/git-repo.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { stateDirOf } from '../helpers/local-state.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { treeHash } from '../helpers/tree-hash.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const OLD = new Date('2020-01-01T00:00:00Z');

/** A folder that looks like localci's old state, with something of the user's in every part. */
function lookalikeState(): string {
  const outside = makeTempDir('outside');
  const files: Record<string, string> = {
    'precious.txt': 'the user wrote this\n',
    'tmp/run-of-a-dead-process/owner.pid': '999999999',
    'tmp/run-of-a-dead-process/notes.txt': 'keep me\n',
    'runs/2020-01-01-000000-old/run.json': JSON.stringify({ schema: 1, runId: '2020-01-01-000000-old', trigger: 'run', pid: 999999999, startedAt: OLD.toISOString(), finishedAt: OLD.toISOString(), status: 'passed', jobs: [] }),
    'cache/results/somekey/entry.json': '{}',
    'workspace/trees/.new-999999999-x/root/file.txt': 'keep me too\n',
    'watch/999999999/1/file.txt': 'and me\n',
  };
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(outside, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  for (const dir of ['tmp/run-of-a-dead-process', 'runs/2020-01-01-000000-old']) utimesSync(path.join(outside, dir), OLD, OLD);
  return outside;
}

async function hostileRepo(link: (repo: string, outside: string) => void) {
  const outside = lookalikeState();
  const repo = await createBusyboxProject({ build: { steps: ['echo built > out.txt'], artifacts: ['out.txt'] } }, { populate: (dir) => link(dir, outside) });
  return { repo, outside, before: treeHash(outside) };
}

const committedLink = (repo: string, outside: string) => symlinkSync(path.relative(repo, outside), path.join(repo, '.localci'));

function expectRefused(result: { exitCode: number; stderr: string }, what: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(2);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('error '));
  expect(errors, result.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(what);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('a committed `.localci` symlink', () => {
  it.each([
    ['ci run', ['run', '--no-cache']],
    ['ci cache clear', ['cache', 'clear']],
    ['ci cache prune', ['cache', 'prune']],
    ['ci watch', ['watch']],
  ])('%s refuses it before writing anything, and the folder behind it is untouched', async (_name, args) => {
    const { repo, outside, before } = await hostileRepo(committedLink);
    const result = await runCli(args, { cwd: repo, timeoutMs: 60_000 });
    expectRefused(result, /\.localci .*is a symbolic link/);
    expect(treeHash(outside)).toBe(before);
  });

  it('the pre-push hook refuses the push with the same sentence, and the folder is untouched', async () => {
    const { repo, outside, before } = await hostileRepo(committedLink);
    await addBareRemote(repo);
    const installed = await runCli(['hook', 'install'], { cwd: repo });
    expect(installed.exitCode, installed.all).toBe(0);
    const push = await pushMain(repo);
    expect(push.exitCode, push.all).not.toBe(0);
    expect(push.all).toMatch(/\.localci .*is a symbolic link/);
    expect(treeHash(outside)).toBe(before);
  });

  it('a `.localci` that is a file is refused the same way', async () => {
    const { repo } = await hostileRepo((dir) => writeFileSync(path.join(dir, '.localci'), 'not a folder\n'));
    expectRefused(await runCli(['run', '--no-cache'], { cwd: repo }), /\.localci is not a folder/);
  });
});

describe('a state folder inside the git directory that is a link', () => {
  it('is refused before anything is written through it', async () => {
    const { repo, outside, before } = await hostileRepo(() => undefined);
    const state = stateDirOf(repo);
    mkdirSync(path.dirname(state), { recursive: true });
    symlinkSync(outside, state);
    expectRefused(await runCli(['run', '--no-cache'], { cwd: repo }), /state folder .* is a symbolic link/);
    expect(treeHash(outside)).toBe(before);
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  });
});
