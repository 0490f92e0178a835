import { describe, expect, it } from 'vitest';
import { historyEntry } from '../../../src/cli/commands/history.js';
import { flakyJobs } from '../../../src/history/flaky-jobs.js';
import { formatHistory } from '../../../src/history/history-table.js';
import type { JobStatus } from '../../../src/run/events.js';
import { palette } from '../../../src/util/color.js';
import { makeRecord, makeRun } from './stored-run.js';

const plain = palette(false);
/** A run at `minute` with each job's status and key: `{ unit: ['failed', 'k1'] }`. */
const run = (id: string, minute: number, jobs: Record<string, [JobStatus, string | undefined]>) =>
  makeRun(
    makeRecord(id, {
      startedAt: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
      finishedAt: `2026-01-01T10:${String(minute).padStart(2, '0')}:30.000Z`,
      jobs: Object.entries(jobs).map(([job, [status]]) => ({ job, status, durationMs: 1000, attempts: 1 })),
      jobKeys: Object.fromEntries(Object.entries(jobs).flatMap(([job, [, key]]) => (key === undefined ? [] : [[job, key]]))),
    }),
  );

describe('flaky jobs', () => {
  // Newest first. unit: failed then passed on k1 (flaky); lint: failed on k2, passed on k3 (the
  // inputs changed: a fix, not a flake); e2e: a timeout and a cached pass on k4; old: no keys recorded.
  const runs = [
    run('r4', 4, { unit: ['passed', 'k1'], lint: ['passed', 'k3'], e2e: ['cached', 'k4'] }),
    run('r3', 3, { unit: ['failed', 'k1'], lint: ['failed', 'k2'], e2e: ['timed-out', 'k4'], docs: ['skipped', 'k5'] }),
    run('r2', 2, { unit: ['passed', 'k0'], docs: ['failed', 'k5'] }),
    run('r1', 1, { old: ['passed', undefined] }),
    run('r0', 0, { old: ['failed', undefined] }),
  ];

  it('are the jobs that passed (or were cached) and failed (or timed out) with one cache key', () => {
    const flaky = flakyJobs(runs);
    expect([...flaky.keys()].sort()).toEqual(['e2e', 'unit']);
    expect(flaky.get('unit')).toMatchObject({ keys: new Set(['k1']), passedIn: ['r4'], failedIn: ['r3'] });
  });

  it('ci history lists them under the table, marks them in the --job column and in --json', () => {
    const flaky = flakyJobs(runs);
    const text = formatHistory(runs, plain, 'unit', new Map(), flaky);
    expect(text).toContain('Flaky jobs (passed and failed on the same inputs):\n  unit: passed in run r4 and failed in run r3 on the same inputs\n  e2e: passed in run r4 and failed in run r3 on the same inputs\n');
    const row = (id: string) => text.split('\n').find((line) => line.startsWith(id))!;
    expect(row('r3')).toMatch(/✗ failed 1\.0s flaky$/);
    // The pass on other inputs is not part of it.
    expect(row('r2')).toMatch(/passed 1\.0s$/);
    expect(historyEntry(runs[1]!, undefined, undefined, flaky)).toMatchObject({ flaky: ['unit', 'e2e'] });
    expect(historyEntry(runs[2]!, undefined, undefined, flaky)).not.toHaveProperty('flaky');
  });

  it('says nothing when no shown run has a flaky result', () => {
    const flaky = flakyJobs(runs);
    expect(formatHistory(runs.slice(2), plain, undefined, new Map(), flaky)).not.toContain('Flaky');
  });
});
