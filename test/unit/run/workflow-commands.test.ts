/** Workflow commands in job output: parsing, and the text gate that acts on them (masks, annotations, stops). */
import { describe, expect, it } from 'vitest';
import type { JobIO } from '../../../src/backend/backend.js';
import type { Annotation } from '../../../src/run/events.js';
import { maskedExecution } from '../../../src/run/masked-job.js';
import { MASK, SecretMasker } from '../../../src/run/secrets.js';
import { SUMMARY_END, SUMMARY_START } from '../../../src/model/summary-frame.js';
import { describeAnnotation, parseCommand } from '../../../src/run/workflow-commands.js';
import { renderLog } from '../../../src/report/html-report-log.js';

describe('parseCommand', () => {
  it('reads annotations with their properties, unescaping data and values', () => {
    expect(parseCommand('::error file=src/a%2Cb.ts,line=3,col=5,title=Type%3A bad::Expected%0Aa string 100%25')).toEqual({
      kind: 'annotation',
      annotation: { level: 'error', file: 'src/a,b.ts', line: 3, col: 5, title: 'Type: bad', message: 'Expected\na string 100%' },
    });
    expect(parseCommand('::warning::careful')).toEqual({ kind: 'annotation', annotation: { level: 'warning', message: 'careful' } });
    expect(parseCommand('::notice line=x::n')).toEqual({ kind: 'annotation', annotation: { level: 'notice', message: 'n' } });
  });

  it('knows masks, groups, stops and the quiet ones; anything else is output', () => {
    expect(parseCommand('::add-mask::  s3cr3t-value ')).toEqual({ kind: 'add-mask', value: 's3cr3t-value' });
    expect(parseCommand('::group::Install')).toEqual({ kind: 'group' });
    expect(parseCommand('::endgroup::')).toEqual({ kind: 'group' });
    expect(parseCommand('::add-matcher::.github/matcher.json')).toEqual({ kind: 'quiet' });
    expect(parseCommand('::stop-commands::tok')).toEqual({ kind: 'stop', token: 'tok' });
    for (const line of ['echo ::error::x', ':: error::x', '::unknown-thing::x', 'plain']) expect(parseCommand(line), line).toBeUndefined();
  });

  it('describes an annotation by place, title and message', () => {
    expect(describeAnnotation({ level: 'error', file: 'a.ts', line: 3, col: 5, title: 'T', message: 'm' })).toBe('a.ts:3:5: T: m');
    expect(describeAnnotation({ level: 'error', file: 'a.ts', col: 5, message: 'm' })).toBe('a.ts: m');
  });
});

async function run(lines: Array<[string, boolean?]>, secrets: string[] = []): Promise<{ out: string[]; annotations: Annotation[]; reason?: string }> {
  const out: string[] = [];
  const annotations: Annotation[] = [];
  const io: JobIO = { log: (_stream, line) => out.push(line), stepStarted: () => undefined, warn: () => undefined, annotate: (annotation) => annotations.push(annotation) };
  const execute = maskedExecution(new SecretMasker(secrets), async (_job, jobIO) => {
    for (const [line, continues] of lines) jobIO.log('stdout', line, continues);
    return { exitCode: 1, reason: 'engine says hunter2-value' };
  });
  const exit = await execute({} as never, io, new AbortController().signal, 1);
  return { out, annotations, ...(exit.reason === undefined ? {} : { reason: exit.reason }) };
}

describe('the job text gate', () => {
  it('::add-mask:: masks the value from then on in lines, annotations and the end reason; the command line is not shown', async () => {
    const { out, annotations, reason } = await run([['before hunter2-value'], ['::add-mask::hunter2-value'], ['after hunter2-value'], ['::error title=hunter2-value::at hunter2-value']]);
    expect(out).toEqual(['before hunter2-value', `after ${MASK}`, `error: ${MASK}: at ${MASK}`]);
    expect(annotations).toEqual([{ level: 'error', title: MASK, message: `at ${MASK}` }]);
    expect(reason).toBe(`engine says ${MASK}`);
  });

  it('masks secrets in annotations, drops quiet commands, keeps groups, and reads no command in a cut line or after a stop', async () => {
    const { out, annotations } = await run(
      [['::warning file=a.ts,line=2::leaks tok-123456'], ['::add-matcher::m.json'], ['::group::Tests'], ['x '.repeat(3), true], ['::error::not a command'], ['::stop-commands::pause'], ['::error::literal'], ['::pause::'], ['::notice::back']],
      ['tok-123456'],
    );
    expect(annotations).toEqual([{ level: 'warning', file: 'a.ts', line: 2, message: `leaks ${MASK}` }, { level: 'notice', message: 'back' }]);
    // The piece after a cut goes on with the cut line (the masking gate joins what it held back).
    expect(out).toEqual([`warning: a.ts:2: leaks ${MASK}`, '::group::Tests', 'x x x ::error::not a command', '::error::literal', 'notice: back']);
  });
});

describe('step summaries', () => {
  it('are collected from their frame, masked, not shown in the log, and a frame left open ends with the job', async () => {
    const out: string[] = [];
    const summaries: string[] = [];
    const io: JobIO = { log: (_stream, line) => out.push(line), stepStarted: () => undefined, warn: () => undefined, summarize: (text) => summaries.push(text) };
    const execute = maskedExecution(new SecretMasker(['tok-123456']), async (_job, jobIO) => {
      for (const line of ['before', SUMMARY_START, '|# Results', '|::localci-summary-end::', '|token tok-123456', SUMMARY_END, 'after', SUMMARY_START, '|open']) jobIO.log('stdout', line);
      return { exitCode: 0 };
    });
    await execute({} as never, io, new AbortController().signal, 1);
    expect(out).toEqual(['before', 'after']);
    expect(summaries).toEqual([`# Results\n::localci-summary-end::\ntoken ${MASK}`, 'open']);
  });
});

describe('the HTML log', () => {
  it('folds groups under their title, escapes text and leaves out a stray end', () => {
    const page = renderLog(['::endgroup::', '$ npm test', '::group::Install <deps>', 'added 3', '::endgroup::', 'error: a.ts:1: bad', '::group::open']);
    expect(page).toBe(
      '<pre class="log"><span class="step">$ npm test</span></pre>' +
        '<details class="fold"><summary>Install &lt;deps&gt;</summary><pre class="log">added 3</pre></details>' +
        '<pre class="log"><span class="error">error: a.ts:1: bad</span></pre>' +
        '<details class="fold"><summary>open</summary><pre class="log"></pre></details>',
    );
  });
});
