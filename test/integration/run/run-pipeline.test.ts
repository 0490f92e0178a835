/**
 * runPipeline against the fake backend (test/helpers/fake-backend.ts): the run layer's own
 * promises (order, artifacts as layers, cancel, clean-up, errors, the record it keeps) without
 * Docker. Real git repositories and run folders on disk, hence the integration project.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError, InterruptedError } from '../../../src/errors.js';
import type { Job, Pipeline } from '../../../src/model/pipeline.js';
import { buildPlan } from '../../../src/plan/plan.js';
import type { RunEvent } from '../../../src/run/events.js';
import { runPipeline, type RunRequest } from '../../../src/run/run-pipeline.js';
import { listRuns } from '../../../src/history/run-store.js';
import { projectState } from '../../../src/state/project-state.js';
import { eventsFileOf } from '../../../src/run/event-journal.js';
import { JOB_SKIPPED } from '../../../src/model/job-skip-marker.js';
import type { EngineIdentity } from '../../../src/backend/provider.js';
import { FakeProvider } from '../../helpers/fake-backend.js';
import { createGitRepo } from '../../helpers/git-repo.js';
import { cleanupTempDirs } from '../../helpers/tmp-dir.js';
import { makeJob, makePipeline } from '../../unit/job-factory.js';

afterAll(cleanupTempDirs);

const steps = (...lines: string[]) => lines.map((run) => ({ name: run, run }));

async function project(jobs: Job[], files: Record<string, string> = { 'README.md': 'hello' }): Promise<Pipeline> {
  const root = await createGitRepo(files, { commit: true });
  return { ...makePipeline(jobs), root, source: { kind: 'file', file: path.join(root, 'ci.config.json') } };
}

async function run(pipeline: Pipeline, provider: FakeProvider, options: Partial<RunRequest> = {}, onEvent?: (event: RunEvent, abort: () => void) => void) {
  const controller = new AbortController();
  const events: RunEvent[] = [];
  const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
  const outcome = await runPipeline(
    { pipeline, plan, provider, trigger: 'run', isGit: true, concurrency: 4, failFast: false, signal: controller.signal, ...options },
    (event) => {
      events.push(event);
      onEvent?.(event, () => controller.abort());
    },
  );
  const status = Object.fromEntries(outcome.results.map((result) => [result.job, result.status]));
  const logs = (job: string) => events.flatMap((event) => (event.type === 'log' && event.job === job ? [`${event.stream}: ${event.line}`] : []));
  return { outcome, events, status, logs };
}

const record = (runDir: string) => JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { status: string; jobs: unknown[] };

describe('runPipeline on a fake backend', () => {
  it('runs jobs in dependency order, hands artifacts on as layers above the source, and cleans up once at the end', async () => {
    const pipeline = await project(
      [
        makeJob('build', { steps: steps('echo building', 'write dist/app.js built', 'write shared.txt from-build'), artifacts: ['dist/app.js', 'shared.txt'] }),
        makeJob('unit', { needs: ['build'], steps: steps('cat dist/app.js', 'cat greeting.txt', 'cat shared.txt', 'sleep 30') }),
        makeJob('lint', { needs: ['build'], steps: steps('sleep 30') }),
        makeJob('deploy', { needs: ['unit', 'lint'], steps: steps('cat dist/app.js') }),
      ],
      { 'greeting.txt': 'from-source', 'shared.txt': 'from-source' },
    );
    const provider = new FakeProvider();
    const { outcome, events, status, logs } = await run(pipeline, provider);

    expect(status).toEqual({ build: 'passed', unit: 'passed', lint: 'passed', deploy: 'passed' });
    expect(outcome.status).toBe('passed');
    // The source as committed, the upstream job's artifact over it.
    expect(logs('unit')).toEqual(['stdout: built', 'stdout: from-source', 'stdout: from-build']);
    expect(logs('deploy')).toEqual(['stdout: built']);
    const calls = provider.calls;
    expect(calls.slice(0, 4)).toEqual(['probe', 'reap', 'open', 'images']);
    expect(calls.indexOf('start:unit')).toBeGreaterThan(calls.indexOf('end:build'));
    expect(calls.indexOf('start:lint')).toBeGreaterThan(calls.indexOf('end:build'));
    expect(calls.indexOf('start:deploy')).toBeGreaterThan(Math.max(calls.indexOf('end:unit'), calls.indexOf('end:lint')));
    // unit and lint ran side by side.
    expect(provider.peak).toBe(2);
    expect(calls.filter((call) => call === 'cleanup')).toHaveLength(1);
    expect(calls.at(-1)).toBe('cleanup');
    expect(provider.live.size).toBe(0);
    // Jobs of the next wave were announced while the jobs they need ran.
    expect(provider.warmed).toEqual(expect.arrayContaining(['unit', 'lint']));

    const layers = (job: string) => provider.requests.get(job)!.layers.map((layer) => `${layer.kind}:${layer.name}:${layer.placement}`);
    expect(layers('build')).toEqual([]);
    expect(layers('unit')).toEqual(['artifacts:build:above-source']);
    // Every job upstream, in run order: nearer jobs' files win.
    expect(layers('deploy')).toEqual(['artifacts:build:above-source', 'artifacts:unit:above-source', 'artifacts:lint:above-source']);
    expect(provider.requests.get('unit')!.workspace.folder).toBeDefined();

    // The run's DAG, for the live page's graph.
    expect(events[0]).toMatchObject({ type: 'run-start', needs: { build: [], unit: ['build'], lint: ['build'], deploy: ['unit', 'lint'] } });
    expect(events.at(-1)!.type).toBe('run-end');
    expect(record(outcome.runDir).status).toBe('passed');
  });

  it('a failure skips what needs it, the run fails, and the concurrency limit holds', async () => {
    const pipeline = await project([
      makeJob('broken', { steps: steps('echo before', 'exit 3', 'echo never') }),
      makeJob('after', { needs: ['broken'] }),
      makeJob('alone', { steps: steps('sleep 20') }),
      makeJob('other', { steps: steps('sleep 20') }),
    ]);
    const provider = new FakeProvider();
    const { outcome, status, logs } = await run(pipeline, provider, { concurrency: 1 });
    expect(status).toEqual({ broken: 'failed', after: 'skipped', alone: 'passed', other: 'passed' });
    expect(outcome.results.find((result) => result.job === 'broken')?.exitCode).toBe(3);
    expect(logs('broken')).toEqual(['stdout: before']);
    expect(outcome.status).toBe('failed');
    expect(provider.peak).toBe(1);
    expect(provider.started()).not.toContain('after');
  });

  it('a job that says at run time that its if: is false ends skipped, in the record too, and what needs it sees skipped', async () => {
    const pipeline = await project([
      makeJob('guarded', { steps: steps(`echo ${JOB_SKIPPED}if: needs.build.outputs.ok is false`, `echo ${JOB_SKIPPED}if: needs.build.outputs.ok is false`) }),
      makeJob('report', { needs: ['guarded'], when: 'always', steps: steps('echo report') }),
      makeJob('after', { needs: ['guarded'], steps: steps('echo after') }),
      makeJob('forged', { steps: steps(`echo ${JOB_SKIPPED}claims a skip`, 'exit 2') }),
    ]);
    const provider = new FakeProvider();
    const { outcome, status, logs } = await run(pipeline, provider);
    expect(status).toEqual({ guarded: 'skipped', report: 'passed', after: 'skipped', forged: 'failed' });
    expect(outcome.results.find((result) => result.job === 'after')?.reason).toBe('needs "guarded", which was skipped');
    expect(outcome.results.find((result) => result.job === 'guarded')?.reason).toBe('if: needs.build.outputs.ok is false');
    expect(logs('guarded')).toEqual(['system: skipped: if: needs.build.outputs.ok is false']);
    expect(provider.requests.get('report')?.env.LOCALCI_NEEDS_STATUS).toBe('skipped guarded');
    const jobs = record(outcome.runDir).jobs as Array<{ job: string; status: string }>;
    expect(jobs.find((job) => job.job === 'guarded')?.status).toBe('skipped');
  });

  it('a cached pass runs nothing the second time, and makes no workspace', async () => {
    const pipeline = await project([makeJob('build', { steps: steps('write out.txt x'), artifacts: ['out.txt'] }), makeJob('test', { needs: ['build'], steps: steps('cat out.txt') })]);
    await run(pipeline, new FakeProvider());
    const provider = new FakeProvider();
    const { status } = await run(pipeline, provider);
    expect(status).toEqual({ build: 'cached', test: 'cached' });
    expect(provider.started()).toEqual([]);
    expect(provider.calls).toContain('cleanup');
  });

  it('records the cache key each job ran with, --no-cache too (which neither reads nor makes the result cache)', async () => {
    const pipeline = await project([makeJob('build', { steps: steps('exit 1') }), makeJob('lint', { steps: steps('echo ok') })]);
    const first = await run(pipeline, new FakeProvider(), { useCache: false });
    const second = await run(pipeline, new FakeProvider(), { useCache: false });
    const keys = (runDir: string) => (record(runDir) as { jobKeys?: Record<string, string> }).jobKeys;
    expect(Object.keys(keys(first.outcome.runDir) ?? {}).sort()).toEqual(['build', 'lint']);
    // Same job, same inputs: the same key, so a pass and a failure of it would be a flaky job.
    expect(keys(second.outcome.runDir)).toEqual(keys(first.outcome.runDir));
    expect(keys(first.outcome.runDir)!.build).not.toBe(keys(first.outcome.runDir)!.lint);
    expect(existsSync(projectState(pipeline.root).path('results'))).toBe(false);
  });

  it('journals its events as they happen for other processes, and has its record final before it says run-end', async () => {
    const pipeline = await project([makeJob('one', { steps: steps('echo hello') })]);
    let statusAtEnd: string | undefined;
    const { outcome, events } = await run(pipeline, new FakeProvider(), {}, (event) => {
      if (event.type === 'run-end') statusAtEnd = record(event.runDir!).status;
    });
    expect(statusAtEnd).toBe('passed');
    const journal = readFileSync(eventsFileOf(outcome.runDir), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(journal).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('Ctrl-C cancels the running job, starts nothing more, and still cleans up', async () => {
    // An hour: only the cancel ends it before the test's own time limit.
    const pipeline = await project([makeJob('slow', { steps: steps('echo started', 'sleep 3600000') }), makeJob('later', { needs: ['slow'] })]);
    const provider = new FakeProvider();
    const { outcome, status } = await run(pipeline, provider, {}, (event, abort) => {
      if (event.type === 'log' && event.line === 'started') abort();
    });
    expect(outcome.status).toBe('interrupted');
    expect(status).toEqual({ slow: 'cancelled', later: 'cancelled' });
    expect(provider.started()).toEqual(['slow']);
    expect(provider.calls.at(-1)).toBe('cleanup');
    expect(provider.live.size).toBe(0);
    expect(record(outcome.runDir).status).toBe('interrupted');
  });

  it('an engine lost mid-run ends the run with its exit-3 error; the other job is cancelled and everything cleaned up', async () => {
    const pipeline = await project([makeJob('doomed', { steps: steps('sleep 20', 'lose-engine') }), makeJob('bystander', { steps: steps('echo up', 'sleep 20000') })]);
    const provider = new FakeProvider();
    const events: RunEvent[] = [];
    const running = run(pipeline, provider, {}, (event) => events.push(event));
    await expect(running).rejects.toThrow(EnvironmentError);
    await expect(running).rejects.toThrow('Cannot reach the Docker engine at fake engine (ECONNRESET).');
    const ends = events.flatMap((event) => (event.type === 'job-end' ? [[event.result.job, event.result.status, event.result.reason]] : []));
    expect(ends).toContainEqual(['bystander', 'cancelled', 'the run stopped on an error']);
    // The job whose engine went away did not end by itself: cancelled too, and the stream still ends.
    expect(ends).toContainEqual(['doomed', 'cancelled', 'the run stopped on an error']);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'error' });
    expect(provider.calls.at(-1)).toBe('cleanup');
    expect(provider.live.size).toBe(0);
  });

  it('an engine that does not answer: the error as the provider said it, no run opened', async () => {
    const pipeline = await project([makeJob('any')]);
    const provider = new FakeProvider({ probeError: new EnvironmentError('Cannot reach the Docker engine at fake engine (ECONNREFUSED).', 'Start it.') });
    await expect(run(pipeline, provider)).rejects.toThrow('Cannot reach the Docker engine at fake engine (ECONNREFUSED).');
    expect(provider.calls).toEqual(['probe']);
  });

  it('an image that cannot be made present fails the run before any job, and the run is still cleaned up', async () => {
    const pipeline = await project([makeJob('any')]);
    const provider = new FakeProvider({ imageError: new EnvironmentError('Image "busybox:1" is not on this machine and the pull policy is "never".') });
    const events: RunEvent[] = [];
    await expect(run(pipeline, provider, {}, (event) => events.push(event))).rejects.toThrow('pull policy is "never"');
    expect(provider.started()).toEqual([]);
    expect(provider.calls.at(-1)).toBe('cleanup');
    // What said run-start says run-end, the record final before it: --json readers and the journal see the end.
    const end = events.at(-1);
    expect(events.map((event) => event.type).slice(-2)).toEqual(['job-end', 'run-end']);
    expect(end).toMatchObject({ type: 'run-end', status: 'error', results: [{ job: 'any', status: 'cancelled', reason: 'the run stopped on an error' }] });
    const runDir = (end as { runDir: string }).runDir;
    expect(record(runDir)).toMatchObject({ status: 'error', jobs: [{ job: 'any', status: 'cancelled' }] });
    const journal = readFileSync(eventsFileOf(runDir), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', status: 'error' });
  });

  it('Ctrl-C before any job ran still ends the stream with run-end, every job cancelled', async () => {
    const pipeline = await project([makeJob('first'), makeJob('second', { needs: ['first'] })]);
    const provider = new FakeProvider();
    const events: RunEvent[] = [];
    const running = run(pipeline, provider, {}, (event, abort) => {
      events.push(event);
      if (event.type === 'image') abort();
    });
    await expect(running).rejects.toThrow(InterruptedError);
    expect(provider.started()).toEqual([]);
    const end = events.at(-1);
    expect(end).toMatchObject({ type: 'run-end', status: 'interrupted', results: [{ job: 'first', status: 'cancelled', reason: 'interrupted' }, { job: 'second', status: 'cancelled' }] });
    expect(record((end as { runDir: string }).runDir).status).toBe('interrupted');
  });

  it('follows the provider on how the workspace travels and on reaping', async () => {
    const pipeline = await project([makeJob('any', { steps: steps('echo ok') })]);
    const provider = new FakeProvider({ copyReason: 'the engine is elsewhere', reaped: { containers: 2 } });
    const remarks: string[] = [];
    const { status } = await run(pipeline, provider, { debug: (message) => remarks.push(message) });
    expect(status).toEqual({ any: 'passed' });
    const workspace = provider.requests.get('any')!.workspace;
    expect(workspace.folder).toBeUndefined();
    expect(workspace.summary).toContain('the engine is elsewhere');
    expect(remarks.join('\n')).toContain('"containers":2');

    const quiet = new FakeProvider();
    await run(pipeline, quiet, { reap: false, useCache: false });
    expect(quiet.calls).not.toContain('reap');
  });

  it('keeps the run record from the start, before the engine answers: `ci logs -f` finds the run at once', async () => {
    const pipeline = await project([makeJob('one', { steps: steps('echo one') })]);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let asked!: () => void;
    const probing = new Promise<void>((resolve) => (asked = resolve));
    class SlowEngine extends FakeProvider {
      override async probe(): Promise<EngineIdentity> {
        asked();
        await answered;
        return super.probe();
      }
    }
    const running = run(pipeline, new SlowEngine());
    await probing;
    const runs = await listRuns(pipeline.root);
    expect(runs.map((stored) => stored.status)).toEqual(['running']);
    answer();
    expect((await running).status).toEqual({ one: 'passed' });
  });
});
