/**
 * The engine restarts under `ci watch` with the warm pool (the default): the run that was going
 * ends with the exit-3 sentence instead of hanging on a pooled container the engine forgot,
 * the session goes on, and once the engine is back the next save runs on fresh containers and
 * the crashed run's containers are reaped. Cancelling (Ctrl-C) then still ends the session.
 * The engine is a private one (see private-engine.ts), never the machine's shared dockerd.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { localciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { followOutput } from '../helpers/live-output.js';
import { privateEngineForFile } from '../helpers/private-engine.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX } from '../e2e/sample-pipeline.js';

const privateEngine = privateEngineForFile([BUSYBOX]);
afterAll(() => cleanupTempDirs());

const IDLE = 'watching for changes';

it('ends the run on a restarted engine with exit-3 wording, goes on, and runs the next save on fresh containers', async () => {
  const engine = privateEngine();
  const { host } = engine;
  const config = { image: BUSYBOX, pull: 'never', jobs: { check: { inputs: ['src/**'], steps: ['echo "checking $(cat src/a.txt)"', 'if grep -q slow src/a.txt; then sleep 3600; fi'] } } };
  const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config), 'src/a.txt': 'one\n' }, { commit: true });
  const watch = startCli(['watch'], { cwd: repo, env: { DOCKER_HOST: host } });
  const output = followOutput(watch);
  try {
    await output.waitFor(IDLE);
    expect(output.text()).toContain('checking one');

    // A run in flight when the engine goes: it ends, with the sentence, and watch waits on.
    writeFileSync(path.join(repo, 'src/a.txt'), 'slow\n');
    await output.waitFor('checking slow');
    await engine.crash();
    await output.waitFor(/Cannot reach the Docker engine at unix:\/\/\S+/);
    await output.waitFor(IDLE, { times: 2 });
    expect(output.text()).not.toMatch(/^\s+at /m);

    await engine.restart();
    // The warm container of before the crash is gone with the engine: the save runs anyway.
    writeFileSync(path.join(repo, 'src/a.txt'), 'two\n');
    await output.waitFor('checking two');
    await output.waitFor(IDLE, { times: 3 });
    expect(output.text().slice(output.text().lastIndexOf('checking two'))).toMatch(/PASSED/);
    // The crashed run's container and the warm ones of the engine before were reaped by the
    // live session: only the warm container started since is left.
    await waitFor(async () => (await localciObjects({ projectDir: repo, host })).containers.length <= 1, { timeoutMs: 30_000, message: "the crashed run's containers to go" });
  } finally {
    watch.kill('SIGINT');
    const result = await watch.catch((error: unknown) => error as { exitCode?: number });
    expect(result.exitCode, output.text()).toBe(130);
  }
  expect(await localciObjects({ projectDir: repo, host })).toEqual({ containers: [], networks: [], volumes: [] });
});
