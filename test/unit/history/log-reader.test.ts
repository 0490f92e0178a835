import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printRunLogs } from '../../../src/history/follow-run.js';
import { LogReader } from '../../../src/history/log-reader.js';
import { readRun } from '../../../src/history/run-store.js';
import { waitFor } from '../../helpers/wait-for.js';
import { makeRecord, tempRoot, writeRuns } from './stored-run.js';

describe('LogReader', () => {
  it('emits whole lines only, continuing where the last pass stopped, and a cut multi-byte character whole', async () => {
    const dir = tempRoot();
    const file = path.join(dir, 'job.log');
    const lines: string[] = [];
    const reader = new LogReader(() => file, (_job, line) => void lines.push(line));
    expect(await reader.pass(['job'])).toBe(false);
    const euro = Buffer.from('€');
    writeFileSync(file, Buffer.concat([Buffer.from('one\ntw'), euro.subarray(0, 1)]));
    expect(await reader.pass(['job'])).toBe(true);
    expect(lines).toEqual(['one']);
    appendFileSync(file, Buffer.concat([euro.subarray(1), Buffer.from('o\nthree')]));
    await reader.pass(['job']);
    expect(lines).toEqual(['one', 'tw€o']);
    await reader.finish();
    expect(lines).toEqual(['one', 'tw€o', 'three']);
  });
});

describe('printRunLogs', () => {
  it('prints a finished run once, job by job in plan order', async () => {
    const root = tempRoot();
    const plan = [
      { job: 'b', needs: [], image: 'x' },
      { job: 'a', needs: ['b'], image: 'x' },
    ];
    const [dir] = writeRuns(root, [makeRecord('r', { plan })], { r: { a: 'a1\na2\n', b: 'b1\n' } });
    const seen: string[] = [];
    await printRunLogs((await readRun(dir!))!, { follow: true, sink: (job, line) => void seen.push(`${job}:${line}`) });
    expect(seen).toEqual(['b:b1', 'a:a1', 'a:a2']);
  });

  it('follows a running run until its record says it ended, picking up jobs that start later', async () => {
    const root = tempRoot();
    const record = makeRecord('r', { status: 'running', pid: process.pid, finishedAt: undefined, plan: [{ job: 'a', needs: [], image: 'x' }, { job: 'b', needs: ['a'], image: 'x' }] });
    const [dir] = writeRuns(root, [record], { r: { a: 'first\n' } });
    const seen: string[] = [];
    const following = printRunLogs((await readRun(dir!))!, { follow: true, intervalMs: 20, sink: (job, line) => void seen.push(`${job}:${line}`) });
    await waitFor(() => seen.includes('a:first'), { message: 'the first line of a' });
    appendFileSync(path.join(dir!, 'a.log'), 'second\n');
    writeFileSync(path.join(dir!, 'b.log'), 'b-line\n');
    // Seen while the run is still recorded as running: the follow picked up b, which started later.
    await waitFor(() => seen.includes('a:second') && seen.includes('b:b-line'), { message: 'the lines written while following' });
    writeRuns(root, [{ ...record, status: 'failed', finishedAt: new Date().toISOString() }]);
    const last = await following;
    expect(last.status).toBe('failed');
    // Each job's lines in order; lines of two jobs written meanwhile may come in either order,
    // as with jobs running side by side.
    expect(seen.filter((line) => line.startsWith('a:'))).toEqual(['a:first', 'a:second']);
    expect(seen.filter((line) => line.startsWith('b:'))).toEqual(['b:b-line']);
    expect(seen).toHaveLength(3);
  });
});
