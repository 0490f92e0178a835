import { describe, expect, it } from 'vitest';
import { coverageTrend } from '../../../src/history/coverage-trend.js';
import { formatHistory } from '../../../src/history/history-table.js';
import { palette } from '../../../src/util/color.js';
import { makeRecord, makeRun } from './stored-run.js';

const lines = (covered: number, total = 100) => ({ lines: { covered, total } });
const run = (id: string, minute: number, branch: string | undefined, coverage?: ReturnType<typeof lines>) =>
  makeRun(makeRecord(id, { branch, startedAt: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`, finishedAt: `2026-01-01T10:${String(minute).padStart(2, '0')}:30.000Z`, ...(coverage ? { coverage } : {}) }));

describe('coverageTrend', () => {
  // Newest first, as listRuns gives them.
  const runs = [run('r5', 5, 'main', lines(80)), run('r4', 4, 'topic', lines(90)), run('r3', 3, 'main'), run('r2', 2, 'main', lines(82.5, 100)), run('r1', 1, 'main', lines(50))];

  it('compares each run with the previous run on its branch that has coverage', () => {
    const trend = coverageTrend(runs);
    expect(trend.get('r5')).toMatchObject({ lines: 80, change: -2.5 });
    expect(trend.get('r5')!.previous!.id).toBe('r2');
    expect(trend.get('r4')).toEqual({ lines: 90 });
    expect(trend.has('r3')).toBe(false);
    expect(trend.get('r2')).toMatchObject({ lines: 82.5, change: 32.5 });
    expect(trend.get('r1')).toEqual({ lines: 50 });
  });

  it('ci history shows the column only when a run has coverage', () => {
    const plain = palette(false);
    const text = formatHistory(runs, plain, undefined, coverageTrend(runs));
    const [header, r5, r4, r3] = text.split('\n');
    expect(header).toMatch(/DURATION\s+COVERAGE$/);
    expect(r5).toMatch(/80\.0% \(-2\.5\)$/);
    expect(r4).toMatch(/90\.0%$/);
    expect(r3).toMatch(/—$/);
    expect(formatHistory([run('x', 1, 'main')], plain)).not.toContain('COVERAGE');
  });
});
