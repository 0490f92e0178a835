/**
 * runPipeline on a pool of two fake engines (test/helpers/fake-backend.ts): the run's
 * concurrency is the pool's slots, jobs spread by free slots and say where they ran, and an
 * engine that goes away mid-run fails the job it ran while the others go on elsewhere.
 * Real git repositories and run folders on disk, hence the integration project.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { PoolProvider } from '../../../src/backend/pool/pool-provider.js';
import type { PoolMember } from '../../../src/backend/pool/pool-engine.js';
import { EnvironmentError } from '../../../src/errors.js';
import type { Job, Pipeline } from '../../../src/model/pipeline.js';
import { buildPlan } from '../../../src/plan/plan.js';
import type { JobResult, RunEvent } from '../../../src/run/events.js';
import { runPipeline } from '../../../src/run/run-pipeline.js';
import { FakeProvider } from '../../helpers/fake-backend.js';
import { createGitRepo } from '../../helpers/git-repo.js';
import { cleanupTempDirs } from '../../helpers/tmp-dir.js';
import { makeJob, makePipeline } from '../../unit/job-factory.js';

afterAll(cleanupTempDirs);

const steps = (...lines: string[]) => lines.map((run) => ({ name: run, run }));

/** An engine every image is already on (the fake's image ids), so nothing is moved. */
const everyImage = { getImage: (id: string) => ({ inspect: async () => ({ Id: id }) }) } as unknown as Docker;

function member(name: string, slots: number): PoolMember & { provider: FakeProvider } {
  return { name, provider: new FakeProvider(), slots: async () => slots, docker: async () => everyImage };
}

async function project(jobs: Job[]): Promise<Pipeline> {
  const root = await createGitRepo({ 'README.md': 'hello' }, { commit: true });
  return { ...makePipeline(jobs), root, source: { kind: 'file', file: path.join(root, 'ci.config.json') } };
}

function start(pipeline: Pipeline, provider: PoolProvider, onEvent: (event: RunEvent) => void = () => undefined) {
  const ends: JobResult[] = [];
  const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
  const running = runPipeline({ pipeline, plan, provider, trigger: 'run', isGit: true, failFast: false, signal: new AbortController().signal }, (event) => {
    if (event.type === 'job-end') ends.push(event.result);
    onEvent(event);
  });
  return { running, ends };
}

describe('runPipeline on a pool of engines', () => {
  it('runs as many jobs at once as the pool has slots, each on an engine with a free one', async () => {
    const [small, large] = [member('small', 1), member('large', 2)];
    const provider = new PoolProvider([small, large]);
    const pipeline = await project(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => makeJob(name, { steps: steps(`echo ${name}`, 'sleep 30') })));
    const { running } = start(pipeline, provider);
    const outcome = await running;
    expect(outcome.status).toBe('passed');
    expect(provider.slots).toBe(3);
    expect([small.provider.peak, large.provider.peak]).toEqual([1, 2]);
    const where = Object.fromEntries(outcome.results.map((result) => [result.job, result.engine]));
    // The freest engine first: three start at once (large, small, large), then each freed slot is refilled.
    expect(where.a).toBe('large');
    expect(where.b).toBe('small');
    expect(new Set(Object.values(where))).toEqual(new Set(['small', 'large']));
    expect(small.provider.started().length + large.provider.started().length).toBe(6);
    for (const engine of [small, large]) {
      expect(engine.provider.calls.at(-1)).toBe('cleanup');
      expect(engine.provider.live.size).toBe(0);
    }
  });

  it('fails the job of an engine that goes away with exit 3 naming it, and runs the jobs not started on the other engine', async () => {
    const [doomed, survivor] = [member('doomed-engine', 1), member('survivor', 1)];
    const provider = new PoolProvider([doomed, survivor]);
    const pipeline = await project([
      makeJob('long', { steps: steps('echo long-running', 'sleep 3600000') }),
      makeJob('short', { steps: steps('echo short') }),
      makeJob('after', { needs: ['long'], when: 'always', steps: steps('echo after') }),
    ]);
    const { running, ends } = start(pipeline, provider, (event) => {
      if (event.type === 'log' && event.line === 'long-running') doomed.provider.loseEngine();
    });
    await expect(running).rejects.toThrow(EnvironmentError);
    await expect(running).rejects.toThrow('Job "long" failed: engine doomed-engine of the pool went away while the job ran.');
    expect(ends.map((result) => [result.job, result.status, result.engine])).toEqual(
      expect.arrayContaining([
        ['long', 'failed', 'doomed-engine'],
        ['short', 'passed', 'survivor'],
        ['after', 'passed', 'survivor'],
      ]),
    );
    expect(ends.find((result) => result.job === 'long')).toMatchObject({ engineLost: true });
    // Nothing is asked of the engine that went away once it did; the survivor is cleaned up.
    expect(doomed.provider.calls).not.toContain('cleanup');
    expect(survivor.provider.calls.at(-1)).toBe('cleanup');
    expect(survivor.provider.live.size).toBe(0);
  });

  it('names the pool when no engine has every image, with the first engine\'s reason', async () => {
    const missing = () => new EnvironmentError('Image "app:1" is not on this machine and the pull policy is "never".', 'Build or load it first.');
    const engines = ['laptop', 'buildbox'].map((name) => ({ ...member(name, 1), provider: new FakeProvider({ imageError: missing() }) }));
    const pipeline = await project([makeJob('any')]);
    const { running } = start(pipeline, new PoolProvider(engines));
    await expect(running).rejects.toThrow('No engine of the pool has every image the run needs; on laptop: Image "app:1" is not on this machine and the pull policy is "never".');
    for (const engine of engines) expect(engine.provider.calls).toContain('images');
  });
});
