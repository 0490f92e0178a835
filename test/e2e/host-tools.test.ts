/**
 * localci is invisible to the project's own tools: vitest, jest and `node --test` run on the host
 * find exactly the tests they found before, after `ci run`, while `ci watch` holds its snapshot,
 * and after a pre-push hook run (snapshot folders used to sit in the project, where vitest ran
 * every test once more and jest stopped on duplicate package names). And a large folder git
 * neither tracks nor ignores is a warning, once per run, in plain and JSON output.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { parseNdjson } from '../helpers/cli-output.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, git, pushMain } from '../helpers/git-repo.js';
import { ensureJest, HOST_RUNNERS, hostRunnerFiles, seenBy, type HostRunner, type SeenTests } from '../helpers/host-test-runners.js';
import { recordedRuns, snapshotTrees } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

beforeAll(ensureJest, 300_000);

async function everythingSeen(dir: string): Promise<Record<HostRunner, SeenTests>> {
  const seen = {} as Record<HostRunner, SeenTests>;
  for (const runner of HOST_RUNNERS) seen[runner] = await seenBy(runner, dir);
  return seen;
}

describe('the project\'s own test runners on the host', () => {
  it('see the same tests after ci run, during ci watch and after a hook run', async () => {
    const repo = await createBusyboxProject({ check: { steps: ['ls math > /dev/null'] } }, { files: hostRunnerFiles() });
    const before = await everythingSeen(repo);
    expect(before.vitest.files).toEqual(['math/add.vitest.js', 'math/sub/sub.vitest.js']);
    expect(before.jest.files).toEqual(['math/add.jest.cjs', 'math/mul.jest.cjs']);
    expect(before['node:test'].tests).toEqual(['adds with node:test', 'divides with node:test']);
    // The runners' own caches (vitest's `node_modules/.vite`) are there from now on; localci adds nothing.
    const status = await git(repo, 'status', '--porcelain', '--ignored');

    const run = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(run.exitCode, run.all).toBe(0);
    expect(snapshotTrees(repo).length).toBeGreaterThan(0);
    expect(await everythingSeen(repo), 'after ci run').toEqual(before);

    const watch = startCli(['watch'], { cwd: repo });
    await waitFor(() => recordedRuns(repo).some((record) => record.trigger === 'watch' && record.finishedAt !== undefined), { timeoutMs: 60_000, message: 'the first watch run' });
    expect(await everythingSeen(repo), 'while ci watch runs').toEqual(before);
    watch.kill('SIGINT');
    await watch;

    await addBareRemote(repo);
    const installed = await runCli(['hook', 'install'], { cwd: repo });
    expect(installed.exitCode, installed.all).toBe(0);
    const push = await pushMain(repo);
    expect(push.exitCode, push.all).toBe(0);
    expect(recordedRuns(repo).some((record) => record.trigger === 'hook')).toBe(true);
    expect(await everythingSeen(repo), 'after a hook run').toEqual(before);
    expect(await git(repo, 'status', '--porcelain', '--ignored')).toBe(status);
  }, 240_000);
});

describe('a large folder git neither tracks nor ignores', () => {
  it('is one warning per run naming it, its size and the fix, in plain and JSON output', async () => {
    const repo = await createBusyboxProject({ quick: { steps: ['true'] } }, {
      kind: 'worktree',
      populate: (dir) => {
        for (let index = 0; index < 1200; index += 1) writeFileSync(path.join(dir, `bulk-${index % 2}-${index}.txt`), 'x');
      },
      files: Object.fromEntries(Array.from({ length: 1200 }, (_, index) => [`node_modules/pkg${index % 40}/f${index}.js`, '0123456789'])),
    });
    const plain = await runCli(['run'], { cwd: repo });
    expect(plain.exitCode, plain.all).toBe(0);
    const warnings = plain.all.split('\n').filter((line) => line.startsWith('warning '));
    expect(warnings).toEqual([
      "warning node_modules/ is neither committed nor ignored by git: its 1,200 files (12 KB) go into every run's workspace. Add `node_modules/` to .gitignore if jobs don't need it.",
    ]);
    const json = await runCli(['run', '--json'], { cwd: repo });
    expect(json.exitCode, json.all).toBe(0);
    expect(parseNdjson(json.stdout).filter((event) => event.type === 'warning')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^node_modules\/ is neither committed nor ignored/), hint: "Add `node_modules/` to .gitignore if jobs don't need it." }),
    ]);

    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
    const fixed = await runCli(['run'], { cwd: repo });
    expect(fixed.exitCode, fixed.all).toBe(0);
    expect(fixed.all).not.toMatch(/^warning /m);
  });
});
