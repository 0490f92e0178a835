import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { effectiveStatus } from '../../../src/history/run-state.js';
import { imageIdOf, listRuns } from '../../../src/history/run-store.js';
import { makeRecord, makeRun, tempRoot, writeRuns } from './stored-run.js';

/** A pid that certainly belonged to a process and is now gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('effectiveStatus', () => {
  it('keeps a finished status and a running run whose process is alive', () => {
    expect(effectiveStatus({ status: 'failed', pid: 1 }, () => false)).toBe('failed');
    expect(effectiveStatus({ status: 'running', pid: 7 }, () => true)).toBe('running');
    expect(effectiveStatus({ status: 'running', pid: process.pid }, () => false)).toBe('running');
  });

  it('marks a run still saying running, whose process is gone, as interrupted', () => {
    expect(effectiveStatus({ status: 'running', pid: 7 }, () => false)).toBe('interrupted');
    expect(effectiveStatus({ status: 'running', pid: 0 }, () => true)).toBe('interrupted');
  });
});

describe('listRuns', () => {
  it('lists runs newest first by their recorded start, skipping folders without a readable record', async () => {
    const root = tempRoot();
    writeRuns(root, [
      makeRecord('20260101-100000-aaaa', { startedAt: '2026-01-01T10:00:00.000Z' }),
      // Same second as the next one: the id (random suffix) must not decide the order, the time does.
      makeRecord('20260101-100500-ffff', { startedAt: '2026-01-01T10:05:00.100Z' }),
      makeRecord('20260101-100500-0000', { startedAt: '2026-01-01T10:05:00.900Z' }),
    ]);
    writeRuns(root, [{ ...makeRecord('future'), schema: 2 as 1 }]);
    const runs = await listRuns(root);
    expect(runs.map((run) => run.id)).toEqual(['20260101-100500-0000', '20260101-100500-ffff', '20260101-100000-aaaa']);
    expect(runs[2]!.durationMs).toBe(5000);
  });

  it('shows a killed run as interrupted, with how long it got', async () => {
    const root = tempRoot();
    const startedAt = new Date(Date.now() - 3000).toISOString();
    writeRuns(root, [makeRecord('killed', { status: 'running', pid: deadPid(), startedAt, finishedAt: undefined })], { killed: { build: 'started\n' } });
    const [run] = await listRuns(root);
    expect(run!.status).toBe('interrupted');
    expect(run!.durationMs).toBeGreaterThanOrEqual(2000);
  });

  it('is empty when nothing ran yet', async () => {
    expect(await listRuns(tempRoot())).toEqual([]);
  });
});

describe('imageIdOf', () => {
  it("prefers the job result's image id, else the id of the image its plan names", () => {
    const run = makeRun(
      makeRecord('r', {
        plan: [
          { job: 'a', needs: [], image: 'node:20' },
          { job: 'b', needs: [], image: 'node:20' },
        ],
        images: { 'node:20': 'sha256:plan' },
        jobs: [{ job: 'a', status: 'passed', durationMs: 1, attempts: 1, imageId: 'sha256:own' }],
      }),
    );
    expect(imageIdOf(run, 'a')).toBe('sha256:own');
    expect(imageIdOf(run, 'b')).toBe('sha256:plan');
    expect(imageIdOf(run, 'c')).toBeUndefined();
  });
});
