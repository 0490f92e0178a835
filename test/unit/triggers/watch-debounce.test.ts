import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatcher } from '../../../src/triggers/watch/debounce.js';

describe('ChangeBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands over every path once the tree has been quiet', () => {
    const batches: string[][] = [];
    const batcher = new ChangeBatcher(100, 1000, (paths) => batches.push(paths));
    batcher.add('a');
    vi.advanceTimersByTime(60);
    batcher.add('b');
    batcher.add('a');
    vi.advanceTimersByTime(99);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('does not wait longer than maxWait while changes keep coming', () => {
    const batches: string[][] = [];
    const batcher = new ChangeBatcher(100, 300, (paths) => batches.push(paths));
    for (let i = 0; i < 10; i += 1) {
      batcher.add(`f${i}`);
      vi.advanceTimersByTime(50);
    }
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches[0]).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
  });

  it('drops what it holds when disposed', () => {
    const batches: string[][] = [];
    const batcher = new ChangeBatcher(100, 1000, (paths) => batches.push(paths));
    batcher.add('a');
    batcher.dispose();
    vi.advanceTimersByTime(500);
    expect(batches).toEqual([]);
  });
});
