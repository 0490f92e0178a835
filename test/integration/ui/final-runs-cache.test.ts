/** `ci ui`'s listing of runs: ended records parsed once, a rewritten record read anew, a removed run gone. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FinalRunsCache } from '../../../src/history/final-runs-cache.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';
import { makeRecord, writeRuns } from '../../unit/history/stored-run.js';

afterEach(cleanupTempDirs);

describe('FinalRunsCache', () => {
  it('lists like the run store, keeps ended runs, and reads again what changed', async () => {
    const root = makeTempDir('ui-project');
    const [ended, going] = writeRuns(root, [
      makeRecord('r1', { startedAt: '2026-01-01T10:01:00.000Z' }),
      makeRecord('r2', { startedAt: '2026-01-01T10:02:00.000Z', status: 'running', pid: process.pid, finishedAt: undefined }),
    ]);
    const cache = new FinalRunsCache(root);
    const first = await cache.list();
    expect(first.map((run) => [run.id, run.status])).toEqual([['r2', 'running'], ['r1', 'passed']]);
    const second = await cache.list();
    expect(second[1]).toBe(first[1]); // the ended run, not parsed again
    writeFileSync(path.join(going!, 'run.json'), JSON.stringify(makeRecord('r2', { startedAt: '2026-01-01T10:02:00.000Z', status: 'failed' })));
    rmSync(ended!, { recursive: true });
    expect((await cache.list()).map((run) => [run.id, run.status])).toEqual([['r2', 'failed']]);
  });
});
