import { describe, expect, it } from 'vitest';
import { bisect, bisectSteps, type Verdict } from '../../../src/history/bisect-search.js';
import { verdictOf } from '../../../src/history/bisect-verdict.js';
import type { JobResult } from '../../../src/run/events.js';

/** A predicate over `count` candidates where `firstBad` and everything after fail; records what was tested. */
function history(firstBad: number, skipped: number[] = []) {
  const tested: number[] = [];
  const test = async (index: number): Promise<Verdict> => {
    tested.push(index);
    if (skipped.includes(index)) return 'skip';
    return index >= firstBad ? 'bad' : 'good';
  };
  return { tested, test };
}

describe('bisect', () => {
  it.each([0, 1, 6, 9, 13, 14])('finds the first bad of 15 candidates (%i) in at most 4 tests', async (firstBad) => {
    const { tested, test } = history(firstBad);
    expect(await bisect(15, test)).toEqual({ kind: 'found', index: firstBad });
    expect(tested.length).toBeLessThanOrEqual(bisectSteps(15));
    expect(new Set(tested).size).toBe(tested.length);
    // The last candidate is known bad: it is never tested again.
    expect(tested).not.toContain(14);
  });

  it('needs no test for a single candidate', async () => {
    const { tested, test } = history(0);
    expect(await bisect(1, test)).toEqual({ kind: 'found', index: 0 });
    expect(tested).toEqual([]);
  });

  it('tests a neighbour when a candidate cannot be judged, and still finds the culprit', async () => {
    const { tested, test } = history(10, [8]);
    expect(await bisect(15, test)).toEqual({ kind: 'found', index: 10 });
    expect(tested).toContain(8);
    expect(tested).toContain(9);
  });

  it('answers with the range when only untestable candidates separate good from bad', async () => {
    const { test } = history(9, [8]);
    // 8 may be the culprit (if it broke) or not: both 8 and 9 remain.
    expect(await bisect(15, test)).toEqual({ kind: 'ambiguous', indices: [8, 9] });
  });

  it('rejects an empty range', async () => {
    await expect(bisect(0, async () => 'good')).rejects.toThrow(RangeError);
  });
});

describe('verdictOf', () => {
  const result = (job: string, status: JobResult['status']): JobResult => ({ job, status, durationMs: 1, attempts: 1 });

  it('judges the whole run when no job is named', () => {
    expect(verdictOf('passed', [], undefined)).toBe('good');
    expect(verdictOf('failed', [], undefined)).toBe('bad');
  });

  it('judges only the named job: its failure (allowed or not) is bad, a sibling failure is not', () => {
    const targets = new Set(['test']);
    expect(verdictOf('failed', [result('lint', 'failed'), result('test', 'passed')], targets)).toBe('good');
    expect(verdictOf('failed', [result('test', 'failed')], targets)).toBe('bad');
    expect(verdictOf('passed', [result('test', 'allowed-failure')], targets)).toBe('bad');
    expect(verdictOf('passed', [result('test', 'cached')], targets)).toBe('good');
  });

  it('cannot judge a job that was skipped because what it needs broke', () => {
    expect(verdictOf('failed', [result('build', 'failed'), result('test', 'skipped')], new Set(['test']))).toBe('skip');
  });
});
