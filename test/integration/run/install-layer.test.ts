/**
 * The shared install on the fake backend: it runs once per image and lock file as a job of
 * its own, its paths become a read-only layer below every job's source, an unchanged lock
 * file means no install at all, a changed one installs once more, and a layer folder that
 * is not complete is never used.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../src/model/pipeline.js';
import { buildPlan } from '../../../src/plan/plan.js';
import { runPipeline } from '../../../src/run/run-pipeline.js';
import { projectState } from '../../../src/state/project-state.js';
import { FakeProvider } from '../../helpers/fake-backend.js';
import { createGitRepo } from '../../helpers/git-repo.js';
import { cleanupTempDirs } from '../../helpers/tmp-dir.js';
import { makeJob, makePipeline } from '../../unit/job-factory.js';

afterAll(cleanupTempDirs);

const steps = (...lines: string[]) => lines.map((run) => ({ name: run, run }));

async function project(): Promise<Pipeline> {
  const root = await createGitRepo({ 'lock.txt': 'v1', 'src.txt': 'source' }, { commit: true });
  return {
    ...makePipeline([
      makeJob('test', { steps: steps('cat node_modules/dep.js') }),
      makeJob('lint', { steps: steps('cat node_modules/dep.js') }),
      makeJob('notes', { steps: steps('echo notes'), install: false }),
      makeJob('other image', { image: { kind: 'name', name: 'alpine:3' }, steps: steps('cat node_modules/dep.js') }),
    ]),
    root,
    source: { kind: 'file', file: path.join(root, 'ci.config.json') },
    install: { steps: steps('cat lock.txt', 'write node_modules/dep.js installed'), inputs: ['lock.txt'], paths: ['node_modules/dep.js'], cache: [], env: {} },
  };
}

async function run(pipeline: Pipeline) {
  const provider = new FakeProvider();
  const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
  const logs: string[] = [];
  const outcome = await runPipeline({ pipeline, plan, provider, trigger: 'run', isGit: true, concurrency: 4, failFast: false, signal: new AbortController().signal, useCache: false }, (event) => {
    if (event.type === 'log') logs.push(`${event.job}: ${event.line}`);
  });
  const status = Object.fromEntries(outcome.results.map((result) => [result.job, result.status]));
  const started = provider.calls.filter((call) => call.startsWith('start:')).map((call) => call.slice('start:'.length));
  return { status, logs, started, provider };
}

describe('the install layer', () => {
  it('installs once per image, mounts the layer below the source, and installs nothing while the lock file is unchanged', async () => {
    const pipeline = await project();
    const cold = await run(pipeline);
    expect(cold.status).toEqual({ 'install (busybox:1)': 'passed', 'install (alpine:3)': 'passed', test: 'passed', lint: 'passed', notes: 'passed', 'other image': 'passed' });
    expect(cold.logs).toContain('test: installed');
    expect(cold.logs).toContain('other image: installed');
    const layer = cold.provider.requests.get('test')!.layers;
    expect(layer).toEqual([expect.objectContaining({ kind: 'install', placement: 'below-source' })]);
    expect(cold.provider.requests.get('notes')!.layers).toEqual([]);

    const warm = await run(pipeline);
    expect(warm.started.sort()).toEqual(['lint', 'notes', 'other image', 'test']);
    expect(warm.status['install (busybox:1)']).toBe('cached');
    expect(warm.logs).toContain('lint: installed');

    writeFileSync(path.join(pipeline.root, 'lock.txt'), 'v2');
    const relocked = await run(pipeline);
    expect(relocked.started.filter((job) => job.startsWith('install')).sort()).toEqual(['install (alpine:3)', 'install (busybox:1)']);
    expect(relocked.logs).toContain('install (busybox:1): v2');
  }, 30_000);

  it('never uses a layer folder without its record (a crash, a hand-made folder): it installs again', async () => {
    const pipeline = await project();
    pipeline.jobs = pipeline.jobs.filter((job) => job.name === 'test');
    await run(pipeline);
    const layers = projectState(pipeline.root).path('layers');
    const [key] = readdirSync(layers);
    rmSync(path.join(layers, key!, 'layer.json'));
    // A temp folder of an install that never finished is not a layer either.
    mkdirSync(path.join(layers, `${key}.20260101-000000-dead.tmp`, 'tree'), { recursive: true });
    const again = await run(pipeline);
    expect(again.started).toEqual(['install', 'test']);
    expect(again.logs).toContain('test: installed');
  }, 30_000);
});
