/**
 * The Docker engine dies while jobs run (dockerd and containerd SIGKILLed): `ci run` ends
 * with exit 3 and one sentence saying which engine it lost, no stack trace, instead of waiting
 * on the dead engine (how fast is `npm run bench`'s business, not a bound a busy machine breaks).
 * Once the engine is back, the next run removes what the lost run left there.
 * The engine is a private one (see private-engine.ts), never the machine's shared dockerd.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { localciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { followOutput } from '../helpers/live-output.js';
import { tempEntries } from '../helpers/local-state.js';
import { startPrivateEngine, type PrivateEngine } from '../helpers/private-engine.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from '../e2e/sample-pipeline.js';
import { DockerProvider } from '../../src/backend/docker/docker-provider.js';
import { EnvironmentError } from '../../src/errors.js';

let engine: PrivateEngine | undefined;

beforeAll(async () => {
  engine = await startPrivateEngine([BUSYBOX]);
});

afterAll(async () => {
  await engine?.destroy();
  await cleanupTempDirs();
});

const config = (steps: string[]) => JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { api: { steps: ['echo api-running', ...steps] }, web: { steps: ['echo web-running', ...steps] } } });

describe('the engine dies mid-run', () => {
  it('exits 3 with one sentence, and the next run reaps the lost run', async () => {
    const { host } = engine!;
    const env = { DOCKER_HOST: host };
    const repo = await createGitRepo({ 'ci.config.json': config(['sleep 120']) }, { commit: true });
    // The hang guard: a CLI still waiting on the dead engine's sockets is stopped after a minute
    // (the jobs sleep twice that), and the exit code below says so.
    const child = startCli(['run'], { cwd: repo, env, timeoutMs: 60_000 });
    const output = followOutput(child);
    await output.waitFor('api-running');
    await output.waitFor('web-running');

    await engine!.crash();
    const result = await child;
    expect(result.timedOut, result.all).toBe(false);
    expect(result.exitCode, result.all).toBe(3);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error '));
    // Which socket error the cut shows first (a reset, or a write into the closed pipe) is the
    // kernel's timing; the sentence is the same.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error Cannot reach the Docker engine at unix:\/\/\S+ \((ECONNRESET|EPIPE)\)\.$/);
    expect(errors[0]).toContain(host);
    expect(result.all).not.toMatch(/^\s+at /m);
    // Nobody pressed Ctrl-C: the jobs say why they stopped.
    expect(result.stdout).toMatch(/\[api\]\s+⊘ cancelled.*: the run stopped on an error/);
    expect(result.all).not.toContain('interrupted');
    // The host side is cleaned up even though the engine is gone.
    expect(tempEntries(repo)).toEqual([]);

    await engine!.restart();
    // The lost run's containers are still there (stopped by the engine's restart)...
    expect((await localciObjects({ projectDir: repo, host })).containers).toHaveLength(2);
    writeFileSync(path.join(repo, 'ci.config.json'), config([]));
    const next = await runCli(['run'], { cwd: repo, env });
    expect(next.exitCode, next.all).toBe(0);
    // ...and the next run removes them.
    expect(await localciObjects({ projectDir: repo, host })).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('the Docker provider tells a watcher that the engine went away, and a later probe that it restarted', async () => {
    const provider = new DockerProvider({ env: { DOCKER_HOST: engine!.host } });
    try {
      const before = await provider.probe();
      expect(before).toMatchObject({ description: engine!.host, local: true });
      expect(before.startedAt).toBeGreaterThan(0);
      const lost = new Promise<EnvironmentError>((resolve) => provider.onLost(resolve));
      await engine!.crash();
      const error = await lost;
      expect(error).toBeInstanceOf(EnvironmentError);
      expect(error.message).toMatch(/^Cannot reach the Docker engine at unix:\/\/.+ \(\w+\)\.$/);
      await expect(provider.probe()).rejects.toThrow(EnvironmentError);
      await engine!.restart();
      const after = await provider.probe();
      expect(after.startedAt).not.toBe(before.startedAt);
    } finally {
      await provider.close();
    }
  });
});
