import { describe, expect, it } from 'vitest';
import { judgeCoverage, type CoverageSide } from '../../../src/test-reports/coverage-gate.js';

const file = (name: string, covered: number, total: number) => ({ file: name, lines: { covered, total } });
const side = (label: string, files: ReturnType<typeof file>[]): CoverageSide => ({
  label,
  files,
  lines: files.reduce((sum, entry) => ({ covered: sum.covered + entry.lines.covered, total: sum.total + entry.lines.total }), { covered: 0, total: 0 }),
});

describe('judgeCoverage', () => {
  const before = side('run A', [file('src/a.ts', 90, 100), file('src/b.ts', 50, 50), file('src/c.ts', 10, 10)]);
  // 145/160 → a lost 10 covered lines, b grew with 10 uncovered ones, d is new and half covered.
  const now = side('run B', [file('src/a.ts', 80, 100), file('src/b.ts', 50, 60), file('src/c.ts', 10, 10), file('src/d.ts', 2, 4)]);

  it('passes within the limits', () => {
    expect(judgeCoverage({ min: 50, maxDrop: 15 }, now, before)).toEqual({ problems: [], losers: [] });
  });

  it('says by how much coverage is under the minimum and fell, and where the most lines were lost', () => {
    const verdict = judgeCoverage({ min: 90, maxDrop: 1 }, now, before);
    // now: 142/174 = 81.6%; before: 150/160 = 93.7%.
    expect(verdict.problems).toEqual([
      'line coverage is 81.6%, 8.4 points below the minimum of 90%',
      'line coverage fell 12.1 points (93.7% in run A → 81.6%), more than the 1 point allowed',
    ]);
    expect(verdict.losers).toEqual([
      'src/a.ts: 10 more lines not covered (90.0% → 80.0%)',
      'src/b.ts: 10 more lines not covered (100.0% → 83.3%)',
      'src/d.ts: 2 more lines not covered (new, 50.0%)',
    ]);
  });

  it('without a previous run only the minimum counts; without coverage the gate cannot pass', () => {
    expect(judgeCoverage({ maxDrop: 0 }, now, undefined).problems).toEqual([]);
    expect(judgeCoverage({ min: 10 }, undefined, before).problems).toEqual([expect.stringMatching(/no job reported line coverage/)]);
  });
});
