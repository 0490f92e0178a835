/**
 * `ci ui` on its own following the run of another process through its journal: a run already
 * going when it starts is replayed from its start, new events arrive as they are written, and a
 * run whose record says it ended without a `run-end` (interrupted) is ended on the page as such.
 */
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/run/events.js';
import { eventsFileOf } from '../../../src/run/event-journal.js';
import { LiveRun } from '../../../src/ui/live-run.js';
import { RunFollower } from '../../../src/ui/run-follower.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { makeRecord, writeRuns } from '../../unit/history/stored-run.js';

let follower: RunFollower | undefined;
afterEach(async () => {
  await follower?.close();
  follower = undefined;
  await cleanupTempDirs();
});

const line = (event: RunEvent) => `${JSON.stringify(event)}\n`;

describe('RunFollower', () => {
  it('replays a running run of another process, follows what it journals, and ends it as its record says', async () => {
    const root = makeTempDir('ui-project');
    // The process running it: alive, and not this one (whose own runs the page gets directly).
    const running = makeRecord('r1', { status: 'running', pid: process.ppid, finishedAt: undefined });
    const [dir] = writeRuns(root, [running]);
    writeFileSync(eventsFileOf(dir!), line({ type: 'run-start', runId: 'r1', time: 1, jobs: ['unit'], dirty: false }));
    const live = new LiveRun();
    const seen: RunEvent[] = [];
    live.follow((event) => seen.push(event));
    follower = new RunFollower(root, live, 20);
    follower.start();
    await waitFor(() => seen.length === 1, { message: 'the run replayed' });
    // A line being written is not read half.
    appendFileSync(eventsFileOf(dir!), line({ type: 'job-start', job: 'unit', time: 2, attempt: 1, image: 'busybox' }) + '{"type":"log","jo');
    await waitFor(() => seen.length === 2, { message: 'the job start' });
    appendFileSync(eventsFileOf(dir!), 'b":"unit","time":3,"stream":"stdout","line":"hello"}\nnot json\n');
    await waitFor(() => seen.length === 3, { message: 'the log line' });
    // Killed: the record says interrupted (its writer gone) and the journal never says run-end.
    // Written as the CLI writes a record (temp file + rename): a plain write lets the follower read an empty file mid-write.
    writeFileSync(path.join(dir!, 'run.json.tmp'), JSON.stringify({ ...running, status: 'interrupted', finishedAt: '2026-01-01T10:00:05.000Z', jobs: [] }));
    renameSync(path.join(dir!, 'run.json.tmp'), path.join(dir!, 'run.json'));
    await waitFor(() => seen.length === 4, { message: 'the run ended' });
    expect(seen.map((event) => event.type)).toEqual(['run-start', 'job-start', 'log', 'run-end']);
    expect(seen[2]).toMatchObject({ line: 'hello' });
    expect(seen[3]).toMatchObject({ status: 'interrupted', durationMs: 5000 });
  });

  it('leaves alone runs that ended and runs of this process', async () => {
    const root = makeTempDir('ui-project');
    const dirs = writeRuns(root, [makeRecord('ended'), makeRecord('mine', { status: 'running', pid: process.pid, finishedAt: undefined })]);
    for (const dir of dirs) writeFileSync(eventsFileOf(dir), line({ type: 'run-start', runId: path.basename(dir), time: 1, jobs: [], dirty: false }));
    const live = new LiveRun();
    const seen: RunEvent[] = [];
    live.follow((event) => seen.push(event));
    follower = new RunFollower(root, live, 20);
    follower.start();
    // Only a running run of another process is followed, whenever it starts.
    const [later] = writeRuns(root, [makeRecord('later', { status: 'running', pid: process.ppid, finishedAt: undefined, startedAt: '2026-01-01T11:00:00.000Z' })]);
    writeFileSync(eventsFileOf(later!), line({ type: 'run-start', runId: 'later', time: 1, jobs: [], dirty: false }));
    await waitFor(() => seen.length > 0, { message: 'the later run' });
    expect(seen).toEqual([expect.objectContaining({ type: 'run-start', runId: 'later' })]);
  });
});
