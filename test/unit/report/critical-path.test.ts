import { describe, expect, it } from 'vitest';
import { criticalPath, peakParallelism, type TimedJob } from '../../../src/report/html-report-critical-path.js';

const job = (name: string, start: number, end: number, needs: string[] = []): TimedJob => ({ job: name, start, end, needs });

describe('criticalPath', () => {
  // build → (unit ‖ lint) → deploy, where lint is the slow branch.
  const jobs = [job('build', 0, 10), job('unit', 11, 20, ['build']), job('lint', 11, 40, ['build']), job('deploy', 41, 50, ['unit', 'lint'])];

  it('follows the need that ended last, back from the job that ended last', () => {
    expect(criticalPath(jobs, true)).toEqual(['build', 'lint', 'deploy']);
  });

  it('does not jump to an unrelated job that merely ended before', () => {
    const withSide = [...jobs, job('docs', 0, 39)];
    expect(criticalPath(withSide, true)).toEqual(['build', 'lint', 'deploy']);
  });

  it('falls back to timing when the run recorded no plan', () => {
    expect(criticalPath(jobs, false)).toEqual(['build', 'lint', 'deploy']);
  });

  it('stops at a need that did not run (cached or skipped)', () => {
    expect(criticalPath([job('unit', 5, 20, ['build'])], true)).toEqual(['unit']);
  });

  it('is empty when no job ran', () => {
    expect(criticalPath([], true)).toEqual([]);
  });
});

describe('peakParallelism', () => {
  it('counts overlapping jobs, not a job that hands over to the next at the same instant', () => {
    expect(peakParallelism([job('a', 0, 10), job('b', 10, 20)])).toBe(1);
    expect(peakParallelism([job('a', 0, 10), job('b', 5, 20), job('c', 6, 7)])).toBe(3);
    expect(peakParallelism([])).toBe(0);
  });
});
