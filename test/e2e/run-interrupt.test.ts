/**
 * Ctrl-C at different moments: the run exits 130 and leaves no container,
 * network or volume of its own behind, and no temp folder. The jobs sleep far past the CLI's
 * time limit, so exit 130 shows the run stopped instead of waiting for them; how quickly it
 * stops is a benchmark's business, not a wall-clock bound that a loaded machine breaks. The
 * artifact copy shows it was given up by what it leaves, not by how long it took.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { recordedRunIds, runDirOf, tempEntries } from '../helpers/local-state.js';
import { jobArtifactsDir } from '../../src/model/job-files.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const NOTHING = { containers: [], networks: [], volumes: [] };

async function interruptWhen(config: object, ready: (output: string, repo: string) => boolean, signal: NodeJS.Signals = 'SIGINT') {
  const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
  const child = startCli(['run'], { cwd: repo });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => ready(output, repo), { timeoutMs: 30_000, message: 'the moment to interrupt' });
  child.kill(signal);
  const result = await child;
  return { result, output, repo };
}

/** Where the run's artifacts of `job` are copied to (the project's only run). */
function artifactsOf(repo: string, job: string): string | undefined {
  const [runId] = recordedRunIds(repo);
  return runId === undefined ? undefined : jobArtifactsDir(runDirOf(repo, runId), job);
}

function expectClean(repo: string) {
  expect(tempEntries(repo)).toEqual([]);
}

describe('interrupting ci run', () => {
  it('during the image check (right at the start)', async () => {
    const config = { image: BUSYBOX, pull: 'never', jobs: { a: { steps: ['sleep 3600'] }, b: { steps: ['sleep 3600'] } } };
    const { result, repo } = await interruptWhen(config, (output) => output.includes('localci run'));
    expect(result.exitCode).toBe(130);
    expect(await localciObjects()).toEqual(NOTHING);
    expectClean(repo);
  });

  it('mid-step, with parallel jobs running', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: { a: { steps: ['echo a-running; sleep 3600'] }, b: { steps: ['echo b-running; sleep 3600'] }, c: { needs: ['a'], steps: ['true'] } },
    };
    const { result, output, repo } = await interruptWhen(config, (text) => text.includes('a-running') && text.includes('b-running'), 'SIGTERM');
    expect(result.exitCode).toBe(130);
    expect(output).toMatch(/INTERRUPTED/);
    expect(await localciObjects()).toEqual(NOTHING);
    expectClean(repo);
  });

  it('while artifacts are copied out: the copy is given up, not finished', async () => {
    // A sparse 2 GiB file: nothing to write in the container, 2 GiB to stream out of it.
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: { big: { steps: ['mkdir -p out && dd if=/dev/zero of=out/blob bs=1 count=0 seek=2G 2>/dev/null'], artifacts: ['out/'] } },
    };
    // The copy has begun once the first bytes of the blob are on the host.
    const copying = (_output: string, repo: string) => existsSync(`${artifactsOf(repo, 'big')}/out/blob`);
    const { result, output, repo } = await interruptWhen(config, copying);
    expect(result.exitCode, output).toBe(130);
    // Given up, and half an artifact is worse than none: the job's artifact folder is gone.
    expect(existsSync(artifactsOf(repo, 'big')!)).toBe(false);
    expect(await localciObjects()).toEqual(NOTHING);
    expectClean(repo);
  });
});

describe('after a crash', () => {
  it('reaps the containers and temp folder of a killed run at the start of the next run', async () => {
    const config = { image: BUSYBOX, pull: 'never', jobs: { stuck: { steps: ['echo stuck-running; sleep 60'] } } };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const child = startCli(['run'], { cwd: repo });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('stuck-running'), { timeoutMs: 30_000, message: 'the job to run' });
    child.kill('SIGKILL');
    await child.catch(() => undefined);
    // Nothing could clean up: the job's container and the temp folder are still there.
    expect((await localciObjects()).containers).toHaveLength(1);
    expect(tempEntries(repo)).toHaveLength(1);

    writeFileSync(path.join(repo, 'ci.config.json'), JSON.stringify({ ...config, jobs: { stuck: { steps: ['echo fixed'] } } }));
    const next = await runCli(['--debug', 'run'], { cwd: repo });
    expect(next.exitCode, next.all).toBe(0);
    expect(next.stderr).toMatch(/removed leftovers of crashed runs: \{"containers":1,"networks":0,"volumes":3,"tempDirs":1\}/);
    expect(await localciObjects()).toEqual(NOTHING);
    expectClean(repo);
  });
});
