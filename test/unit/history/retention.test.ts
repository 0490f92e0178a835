import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRunsToPrune, pruneRuns, runIdTime } from '../../../src/history/retention.js';
import { newRunId } from '../../../src/run/run-id.js';
import { runsDir } from '../../../src/history/run-store.js';
import { makeRecord, tempRoot, writeRuns } from './stored-run.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-03-01T12:00:00Z');
const policy = { keep: 3, maxAgeMs: 14 * DAY };

const run = (id: string, ageDays: number, running = false) => ({ id, startedAt: NOW - ageDays * DAY, running });

describe('chooseRunsToPrune', () => {
  it('keeps the newest runs up to the count, whatever order they come in', () => {
    const runs = [run('b', 2), run('d', 4), run('a', 1), run('c', 3), run('e', 5)];
    expect(chooseRunsToPrune(runs, policy, NOW).sort()).toEqual(['d', 'e']);
  });

  it('removes runs older than the age limit even when under the count', () => {
    expect(chooseRunsToPrune([run('new', 1), run('old', 15)], policy, NOW)).toEqual(['old']);
  });

  it('never removes a running run, however old or far down the list', () => {
    const runs = [run('a', 1), run('b', 2), run('c', 3), run('live', 20, true), run('dead', 21)];
    expect(chooseRunsToPrune(runs, policy, NOW)).toEqual(['dead']);
  });

  it('removes nothing when everything is recent and within the count', () => {
    expect(chooseRunsToPrune([run('a', 0), run('b', 13.9)], policy, NOW)).toEqual([]);
  });
});

describe('pruneRuns', () => {
  it('deletes the chosen run folders, sparing live runs, the excluded run and fresh folders without a record', async () => {
    const root = tempRoot();
    const now = Date.now();
    const iso = (ageDays: number) => new Date(now - ageDays * DAY).toISOString();
    const [kept, old, live] = writeRuns(root, [
      makeRecord('r-kept', { startedAt: iso(1) }),
      makeRecord('r-old', { startedAt: iso(30) }),
      makeRecord('r-live', { startedAt: iso(40), status: 'running', pid: 4242 }),
    ]);
    const runs = runsDir(root);
    const starting = path.join(runs, 'r-starting');
    const crashed = path.join(runs, 'r-crashed');
    const excluded = path.join(runs, 'r-this');
    for (const dir of [starting, crashed, excluded]) mkdirSync(dir);
    const twoHoursAgo = new Date(now - 2 * 60 * 60 * 1000);
    utimesSync(crashed, twoHoursAgo, twoHoursAgo);
    utimesSync(excluded, twoHoursAgo, twoHoursAgo);

    const removed = await pruneRuns(root, { policy, now, exclude: 'r-this', alive: (pid) => pid === 4242 });
    expect(removed.sort()).toEqual(['r-crashed', 'r-old']);
    expect([existsSync(kept!), existsSync(old!), existsSync(live!)]).toEqual([true, false, true]);
    expect([existsSync(starting), existsSync(crashed), existsSync(excluded)]).toEqual([true, false, true]);
  });

  it('keeps a run whose artifacts a live process still reuses (watch mode)', async () => {
    const root = tempRoot();
    const [dir] = writeRuns(root, [makeRecord('r-reused', { startedAt: new Date(Date.now() - 30 * DAY).toISOString() })]);
    expect(await pruneRuns(root, { policy, protect: [path.join(dir!, 'artifacts', 'build')] })).toEqual([]);
    expect(await pruneRuns(root, { policy })).toEqual(['r-reused']);
  });

  it('reads only the records of runs past the newest ones: a recent run id is kept without its record', async () => {
    const root = tempRoot();
    const now = Date.now();
    const ids = [3, 2, 1].map((hoursAgo) => newRunId(new Date(now - hoursAgo * 60 * 60 * 1000)));
    const dirs = writeRuns(root, ids.map((id, index) => makeRecord(id, { startedAt: new Date(now - (3 - index) * 60 * 60 * 1000).toISOString() })));
    // Unreadable records of the two newest: read, they would count as crashed leftovers over an hour old.
    for (const dir of dirs.slice(1)) writeFileSync(path.join(dir, 'run.json'), 'not json');
    for (const dir of dirs) utimesSync(dir, new Date(now - 3 * 60 * 60 * 1000), new Date(now - 3 * 60 * 60 * 1000));
    expect(await pruneRuns(root, { policy: { keep: 2, maxAgeMs: 14 * DAY }, now })).toEqual([ids[0]]);
    expect(dirs.map((dir) => existsSync(dir))).toEqual([false, true, true]);
    expect(runIdTime(ids[2]!)).toBe(Math.floor((now - 60 * 60 * 1000) / 1000) * 1000);
  });

  it('does nothing when there is no history yet', async () => {
    expect(await pruneRuns(tempRoot())).toEqual([]);
  });
});
