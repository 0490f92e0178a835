import { EventEmitter } from 'node:events';
import type { FSWatcher } from 'chokidar';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { scanEnd } from '../../../src/triggers/watch/scan-end.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const scanner = () => new EventEmitter() as unknown as FSWatcher;

it('ends at ready', async () => {
  const watcher = scanner();
  const end = scanEnd(watcher, new AbortController().signal, 100);
  watcher.emit('ready');
  await expect(end).resolves.toBe('ready');
});

it('waits while the scan reports files, and gives up once it goes quiet without ready', async () => {
  const watcher = scanner();
  let settled: string | undefined;
  void scanEnd(watcher, new AbortController().signal, 100).then((end) => (settled = end));
  for (let file = 0; file < 5; file += 1) {
    await vi.advanceTimersByTimeAsync(80);
    watcher.emit('all', 'add', `/tree/${file}`);
  }
  expect(settled).toBeUndefined();
  await vi.advanceTimersByTimeAsync(100);
  expect(settled).toBe('stalled');
});

it('ends when the watcher is closed meanwhile', async () => {
  const closing = new AbortController();
  const end = scanEnd(scanner(), closing.signal, 100);
  closing.abort();
  await expect(end).resolves.toBe('closed');
});
