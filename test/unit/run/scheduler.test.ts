import { describe, expect, it } from 'vitest';
import type { JobExit } from '../../../src/backend/backend.js';
import { EnvironmentError } from '../../../src/errors.js';
import type { Job } from '../../../src/model/pipeline.js';
import { buildPlan } from '../../../src/plan/plan.js';
import type { RunEvent } from '../../../src/run/events.js';
import { schedule, type SchedulerOptions } from '../../../src/run/scheduler.js';
import { makeJob, makePipeline } from '../job-factory.js';

/** A fake engine: each job takes `ms` and exits with `code`, recording start order and overlap. */
function fakeEngine(behaviour: Record<string, { ms?: number; code?: number; codes?: number[] }> = {}) {
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const attempts = new Map<string, number>();
  const execute = async (job: Job, _io: unknown, signal: AbortSignal): Promise<JobExit> => {
    started.push(job.name);
    running += 1;
    peak = Math.max(peak, running);
    const attempt = (attempts.get(job.name) ?? 0) + 1;
    attempts.set(job.name, attempt);
    const spec = behaviour[job.name] ?? {};
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, spec.ms ?? 5);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return { exitCode: spec.codes?.[attempt - 1] ?? spec.code ?? 0 };
    } finally {
      running -= 1;
    }
  };
  return { execute, started, peak: () => peak };
}

async function run(jobs: Job[], engine: ReturnType<typeof fakeEngine>, options: Partial<SchedulerOptions> = {}) {
  const plan = buildPlan(makePipeline(jobs), { names: [], only: false, deploy: false });
  const events: RunEvent[] = [];
  const results = await schedule(plan, engine.execute, (event) => events.push(event), {
    concurrency: 4,
    failFast: false,
    signal: new AbortController().signal,
    ...options,
  });
  return { results: Object.fromEntries(results.map((result) => [result.job, result])), events };
}

const diamond = () => [
  makeJob('build'),
  makeJob('unit', { needs: ['build'] }),
  makeJob('lint', { needs: ['build'] }),
  makeJob('deploy', { needs: ['unit', 'lint'] }),
];

describe('schedule', () => {
  it('runs a diamond in dependency order with the middle in parallel', async () => {
    const engine = fakeEngine({ unit: { ms: 30 }, lint: { ms: 30 } });
    const { results } = await run(diamond(), engine);
    expect(engine.started[0]).toBe('build');
    expect(engine.started.at(-1)).toBe('deploy');
    expect(engine.peak()).toBe(2);
    expect(Object.values(results).map((result) => result.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('skips dependents of a failed job with the reason and lets siblings finish', async () => {
    const engine = fakeEngine({ unit: { code: 2 }, lint: { ms: 40 } });
    const { results } = await run(diamond(), engine);
    expect(results.unit).toMatchObject({ status: 'failed', exitCode: 2 });
    expect(results.lint?.status).toBe('passed');
    expect(results.deploy).toMatchObject({ status: 'skipped', reason: 'needs "unit", which did not pass' });
  });

  it('starts a dependent as soon as its own needs finish, not when a slow sibling does', async () => {
    const jobs = [makeJob('slow'), makeJob('fast'), makeJob('after-fast', { needs: ['fast'] })];
    const engine = fakeEngine({ slow: { ms: 80 }, fast: { ms: 5 } });
    await run(jobs, engine);
    expect(engine.started.indexOf('after-fast')).toBeLessThan(engine.started.length);
    expect(engine.started).toEqual(['slow', 'fast', 'after-fast']);
  });

  it('respects the concurrency limit', async () => {
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((name) => makeJob(name));
    const engine = fakeEngine(Object.fromEntries(jobs.map((job) => [job.name, { ms: 20 }])));
    await run(jobs, engine, { concurrency: 2 });
    expect(engine.peak()).toBe(2);
  });

  it('treats an allowed failure as not blocking', async () => {
    const jobs = [makeJob('lint', { allowFailure: true }), makeJob('after', { needs: ['lint'] })];
    const { results } = await run(jobs, fakeEngine({ lint: { code: 1 } }));
    expect(results.lint?.status).toBe('allowed-failure');
    expect(results.after?.status).toBe('passed');
  });

  it('allows only the listed exit codes when allowFailure names them', async () => {
    const jobs = [makeJob('three', { allowFailure: true, allowFailureExitCodes: [3] }), makeJob('four', { allowFailure: true, allowFailureExitCodes: [3] })];
    const { results } = await run(jobs, fakeEngine({ three: { code: 3 }, four: { code: 4 } }));
    expect(results.three?.status).toBe('allowed-failure');
    expect(results.four?.status).toBe('failed');
  });

  it('runs when: always after a failure and when: on-failure only after one', async () => {
    const jobs = [
      makeJob('test'),
      makeJob('cleanup', { needs: ['test'], when: 'always' }),
      makeJob('report-failure', { needs: ['test'], when: 'on-failure' }),
    ];
    const failing = await run(jobs, fakeEngine({ test: { code: 1 } }));
    expect(failing.results.cleanup?.status).toBe('passed');
    expect(failing.results['report-failure']?.status).toBe('passed');
    const passing = await run(jobs, fakeEngine());
    expect(passing.results['report-failure']).toMatchObject({ status: 'skipped', reason: 'runs only when a job it needs fails' });
  });

  it('retries a failing job and reports the attempts', async () => {
    const jobs = [makeJob('flaky', { retry: { max: 2, when: ['failure'] } })];
    const { results } = await run(jobs, fakeEngine({ flaky: { codes: [1, 1, 0] } }));
    expect(results.flaky).toMatchObject({ status: 'passed', attempts: 3 });
  });

  it('times a job out and reports it as timed out', async () => {
    const jobs = [makeJob('hang', { timeoutMs: 20 }), makeJob('after', { needs: ['hang'] })];
    const { results } = await run(jobs, fakeEngine({ hang: { ms: 5000 } }));
    expect(results.hang).toMatchObject({ status: 'timed-out', reason: 'job exceeded its timeout of 20ms' });
    expect(results.after?.status).toBe('skipped');
  });

  it('cancels running jobs and skips the rest with --fail-fast', async () => {
    const jobs = [makeJob('broken'), makeJob('long'), makeJob('after', { needs: ['long'] })];
    const { results } = await run(jobs, fakeEngine({ broken: { code: 1 }, long: { ms: 5000 } }), { failFast: true });
    expect(results.long).toMatchObject({ status: 'cancelled', reason: 'cancelled by --fail-fast' });
    expect(results.after?.status).toBe('cancelled');
  });

  it('cancels everything when interrupted', async () => {
    const controller = new AbortController();
    const engine = fakeEngine({ build: { ms: 5000 } });
    setTimeout(() => controller.abort('interrupted'), 20);
    const { results } = await run(diamond(), engine, { signal: controller.signal });
    expect(results.build).toMatchObject({ status: 'cancelled', reason: 'interrupted' });
    expect(results.deploy).toMatchObject({ status: 'cancelled', reason: 'interrupted' });
    expect(engine.started).toEqual(['build']);
  });

  it('stops the run on an environment error, saying so rather than "interrupted"', async () => {
    const jobs = [makeJob('lost'), makeJob('long'), makeJob('after', { needs: ['long'] })];
    const engine = fakeEngine({ long: { ms: 5000 } });
    const execute: typeof engine.execute = async (job, io, signal) => {
      if (job.name === 'lost') throw new EnvironmentError('Cannot reach the Docker engine.');
      return engine.execute(job, io, signal);
    };
    const plan = buildPlan(makePipeline(jobs), { names: [], only: false, deploy: false });
    const events: RunEvent[] = [];
    const scheduled = schedule(plan, execute, (event) => events.push(event), { concurrency: 4, failFast: false, signal: new AbortController().signal });
    await expect(scheduled).rejects.toThrow('Cannot reach the Docker engine.');
    // Every job still gets a verdict, the one that hit the error included.
    const ends = events.flatMap((event) => (event.type === 'job-end' ? [`${event.result.job}: ${event.result.status}, ${event.result.reason}`] : []));
    expect(ends.sort()).toEqual(['after', 'long', 'lost'].map((job) => `${job}: cancelled, the run stopped on an error`));
  });

  it('warms up the next wave while its needs run, never a job behind a failure', async () => {
    const warmed: string[] = [];
    await run(diamond(), fakeEngine({ build: { code: 1, ms: 20 } }), { warm: (job) => warmed.push(job.name) });
    expect(warmed).toEqual(['unit', 'lint']);
    warmed.length = 0;
    await run(diamond(), fakeEngine({ unit: { ms: 20 }, lint: { ms: 20 } }), { warm: (job) => warmed.push(job.name) });
    expect(warmed).toEqual(['unit', 'lint', 'deploy']);
  });
});
