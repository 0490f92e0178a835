import { describe, expect, it } from 'vitest';
import type { LogTail } from '../../../src/history/log-tails.js';
import { renderJunit, xmlSafe } from '../../../src/report/junit-reporter.js';
import type { JobResult } from '../../../src/run/events.js';
import { findAll, parseXml } from '../../helpers/xml.js';
import { makeRecord, makeRun } from '../history/stored-run.js';

const tail = (lines: string[], truncated = false): LogTail => ({ lines, truncated, exists: true });
const result = (job: string, status: JobResult['status'], extra: Partial<JobResult> = {}): JobResult => ({ job, status, durationMs: 1500, attempts: 1, startedAt: 1, ...extra });

function render(jobs: JobResult[], logs: Record<string, LogTail>, planned = jobs.map((job) => job.job), status: 'failed' | 'passed' | 'interrupted' = 'failed') {
  const run = makeRun(makeRecord('20260101-100000-abcd', { status, commit: 'abc123', branch: 'feature/<x>', jobs }));
  return renderJunit({ run, jobs: planned, logs: new Map(Object.entries(logs)), project: 'app & co', hostname: 'box' });
}

describe('renderJunit', () => {
  it('is well-formed XML: one suite for the run, one case per job, counts that add up', () => {
    const xml = render(
      [result('build', 'passed'), result('unit', 'failed', { exitCode: 3 }), result('slow', 'timed-out', { reason: 'job exceeded its timeout of 5s' }), result('deploy', 'skipped', { reason: 'needs "unit", which did not pass', startedAt: undefined, durationMs: 0 }), result('lint', 'allowed-failure', { exitCode: 1 })],
      { build: tail(['ok']), unit: tail(['$ npm test', 'boom', '--- failed (exit 3) in 1.5s']) },
    );
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    const [suite] = findAll(root, 'testsuite');
    expect(suite!.attributes).toMatchObject({ name: 'localci run 20260101-100000-abcd', tests: '5', failures: '1', errors: '1', skipped: '2', time: '5.000', hostname: 'box' });
    expect(suite!.attributes.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const cases = findAll(suite!, 'testcase');
    expect(cases.map((entry) => entry.attributes.name)).toEqual(['build', 'unit', 'slow', 'deploy', 'lint']);
    expect(cases[0]!.attributes).toMatchObject({ classname: 'app & co', time: '1.500' });
    const failure = findAll(cases[1]!, 'failure')[0]!;
    expect(failure.attributes).toMatchObject({ message: 'failed (exit 3) in 1.5s', type: 'exit 3' });
    // The failure body is the log without the closing marker the message already says.
    expect(failure.text).toBe('$ npm test\nboom');
    expect(findAll(cases[1]!, 'system-out')[0]!.text).toContain('--- failed (exit 3)');
    expect(findAll(cases[2]!, 'error')[0]!.attributes).toMatchObject({ type: 'timeout', message: expect.stringContaining('timed-out') });
    expect(findAll(cases[3]!, 'skipped')[0]!.attributes.message).toBe('skipped: needs "unit", which did not pass');
    expect(findAll(cases[4]!, 'skipped')[0]!.attributes.message).toContain('failed (allowed)');
    const properties = Object.fromEntries(findAll(suite!, 'property').map((entry) => [entry.attributes.name, entry.attributes.value]));
    expect(properties).toMatchObject({ run: '20260101-100000-abcd', status: 'failed', commit: 'abc123', branch: 'feature/<x>' });
  });

  it('keeps logs with markup, colour codes, control characters and CDATA ends readable and well-formed', () => {
    const nasty = ['<script>alert("x")</script> & ]]> done', '\u001b[31mred\u001b[0m text', 'bell\u0007 nul\u0000 esc\u001b', 'emoji 😀 lone \ud800 surrogate'];
    const xml = render([result('unit', 'failed', { exitCode: 1, reason: 'tab\there "quoted"\nnewline' })], { unit: tail(nasty) });
    const out = findAll(parseXml(xml), 'system-out')[0]!.text.split('\n');
    expect(out[0]).toBe('<script>alert("x")</script> & ]]> done');
    expect(out[1]).toBe('red text');
    expect(out[2]).toBe('bell\ufffd nul\ufffd esc\ufffd');
    expect(out[3]).toBe('emoji 😀 lone \ufffd surrogate');
    const failure = findAll(parseXml(xml), 'failure')[0]!;
    expect(failure.attributes.message).toContain('tab\there "quoted"\nnewline');
  });

  it('says when earlier log lines were left out, and marks jobs a stopped run never finished', () => {
    const xml = render([result('build', 'passed')], { build: tail(['last'], true) }, ['build', 'unit'], 'interrupted');
    const root = parseXml(xml);
    expect(findAll(root, 'system-out')[0]!.text).toMatch(/^\[localci: earlier lines left out/);
    const unit = findAll(root, 'testcase')[1]!;
    expect(findAll(unit, 'skipped')[0]!.attributes.message).toBe('did not finish: the run ended (interrupted)');
  });
});

describe('xmlSafe', () => {
  it('leaves tabs, newlines and ordinary text alone', () => {
    expect(xmlSafe('a\tb\nc\r')).toBe('a\tb\nc\r');
  });
});
