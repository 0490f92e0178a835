/**
 * `ci watch` on a real terminal (tmux): the compact screen redrawn in place,
 * the single-key commands, and quitting with `q` (exit 0) or Ctrl-C (exit 130)
 * without leaving a container.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { CLI_BIN } from '../helpers/repo-root.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { startTmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  const left = await localciObjects();
  await removeLocalciObjects();
  await cleanupTempDirs();
  expect(left.containers).toEqual([]);
});

const TTY_ENV = { CI: undefined, NO_COLOR: '1', GITHUB_ACTIONS: undefined };
const NOTHING = { containers: [], networks: [], volumes: [] };

/** `a` always passes; `b` passes while b.txt says "good". Neither reads the other's file. */
const CONFIG = JSON.stringify({
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    a: { inputs: ['a.txt'], steps: ['cat a.txt'] },
    b: { inputs: ['b.txt'], steps: ['echo "checking b.txt"', 'grep -qx good b.txt || { echo "b.txt says $(cat b.txt)"; exit 4; }'] },
  },
});

describe('ci watch on a terminal', () => {
  it('shows one row per job, re-runs everything on r and only the failed job on f, and quits on q', async () => {
    const repo = await createGitRepo({ 'ci.config.json': CONFIG, 'a.txt': 'a\n', 'b.txt': 'good\n' }, { commit: true });
    const terminal = await startTmux(`${process.execPath} ${CLI_BIN} watch`, { cwd: repo, env: TTY_ENV, height: 40 });

    let screen = await terminal.waitForText(/run #1 \(a, b\): passed/, 30_000);
    expect(screen).toMatch(/✓ a .*#1/);
    expect(screen).toMatch(/✓ b .*#1/);
    expect(screen).toContain('r re-run all · f re-run failed · l full logs · q quit');
    expect(screen).not.toMatch(/\[a\]/); // a compact view, not a wall of prefixed logs

    // r really runs the jobs again: ✓, not ≡ (the result cache would have them as passed before).
    await terminal.sendKeys('r');
    screen = await terminal.waitForText(/run #2 \(a, b\): passed/, 30_000);
    expect(screen).toMatch(/✓ a .*#2/);
    expect(screen).toMatch(/✓ b .*#2/);

    // A save that breaks b: only b runs (its inputs changed), and fails with its last lines shown.
    writeFileSync(path.join(repo, 'b.txt'), 'broken\n');
    screen = await terminal.waitForText(/run #3 \(b\): failed/, 30_000);
    expect(screen).toMatch(/✗ b .*#3 +exit 4/);
    expect(screen).toMatch(/✓ a .*#2/);
    expect(screen).toMatch(/── b: last 2 lines ──/);
    expect(screen).toContain('b.txt says broken');
    expect(screen).toMatch(/last change \d\d:\d\d:\d\d +b\.txt +→ b/);

    await terminal.sendKeys('f');
    screen = await terminal.waitForText(/run #4 \(b\): failed/, 30_000);
    expect(screen).toMatch(/✗ b .*#4/);
    expect(screen).toMatch(/✓ a .*#2/);

    await terminal.sendKeys('q');
    expect(await terminal.waitForExit(30_000)).toBe(0);
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('stops on Ctrl-C with exit 130, removing the container of the run in flight', async () => {
    const config = JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { slow: { steps: ['echo slow-started', 'sleep 30'] } } });
    const repo = await createGitRepo({ 'ci.config.json': config }, { commit: true });
    const terminal = await startTmux(`${process.execPath} ${CLI_BIN} watch`, { cwd: repo, env: TTY_ENV });

    await terminal.waitForText(/\$ sleep 30/, 30_000);
    // The job's container, and the one started ahead for the next save (watch.keepContainers),
    // which the pool creates beside the job: it may come a moment after the step's first line.
    await waitFor(async () => (await localciObjects()).containers.length === 2, { timeoutMs: 30_000, message: 'the job’s container and a warm one' });
    await terminal.sendKeys('C-c');
    expect(await terminal.waitForExit(30_000)).toBe(130);
    expect(await localciObjects()).toEqual(NOTHING);
  });
});
