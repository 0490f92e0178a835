/** The live task tree in a real terminal (tmux): one row per job, then the summary. */
import { afterEach, describe, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { CLI_BIN } from '../helpers/repo-root.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { startTmux } from '../helpers/tmux.js';
import { sampleFiles } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const TTY_ENV = { CI: undefined, NO_COLOR: '1', GITHUB_ACTIONS: undefined };

describe('ci run on a terminal', () => {
  it('shows a live row per job with its latest output, then the summary', async () => {
    const files = sampleFiles();
    const config = JSON.parse(files['ci.config.json']!);
    config.jobs.lint.steps = ['echo lint-working', 'sleep 2', 'echo lint-done'];
    const repo = await createGitRepo({ ...files, 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const terminal = await startTmux(`${process.execPath} ${CLI_BIN} run`, { cwd: repo, env: TTY_ENV });

    // While lint sleeps: build has finished; lint's row shows its last output and running step.
    const live = await terminal.waitForText(/› \$ sleep 2/, 30_000);
    expect(live).toMatch(/› lint-working/);
    expect(live).toMatch(/✔ build/);
    expect(live).not.toMatch(/\[lint\]/); // no line-prefixed wall of logs on a terminal

    expect(await terminal.waitForExit(60_000)).toBe(0);
    const screen = await terminal.capture();
    expect(screen).toMatch(/✔ unit/);
    expect(screen).toMatch(/✔ deploy/);
    expect(screen).toMatch(/PASSED 4 passed/);
    await terminal.kill();
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('lists the failing job with its last lines', async () => {
    const repo = await createGitRepo(sampleFiles({ failUnit: true }), { commit: true });
    const terminal = await startTmux(`${process.execPath} ${CLI_BIN} run`, { cwd: repo, env: TTY_ENV, height: 50 });
    expect(await terminal.waitForExit(60_000)).toBe(1);
    const screen = await terminal.capture();
    expect(screen).toMatch(/✖ unit/);
    expect(screen).toMatch(/── unit: last \d+ lines ──/);
    expect(screen).toContain('unit is failing');
    expect(screen).toMatch(/FAILED 2 passed, 1 failed, 1 skipped/);
    await terminal.kill();
  });
});
