import { describe, expect, it } from 'vitest';
import { formatHistory } from '../../../src/history/history-table.js';
import { formatRunSummary } from '../../../src/history/run-summary.js';
import { asWritten, jobTextFor } from '../../../src/report/terminal-text.js';
import { palette } from '../../../src/util/color.js';
import { makeRecord, makeRun } from './stored-run.js';

const plain = palette(false);

describe('formatHistory', () => {
  const runs = [
    makeRun(makeRecord('20260101-100500-bbbb', { commit: 'abcdef1234567890', branch: 'main', dirty: true, trigger: 'hook', status: 'failed', jobs: [{ job: 'unit', status: 'failed', exitCode: 3, durationMs: 1500, attempts: 1, startedAt: 1 }] })),
    { ...makeRun(makeRecord('20260101-100000-aaaa', { trigger: 'watch', status: 'running', finishedAt: undefined })), status: 'interrupted' as const },
  ];

  it('shows one aligned row per run with short commit (+ for uncommitted changes), branch, trigger and result', () => {
    const lines = formatHistory(runs, plain).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+STARTED\s+COMMIT\s+BRANCH\s+TRIGGER\s+RESULT\s+DURATION$/);
    expect(lines[1]).toMatch(/^20260101-100500-bbbb\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+abcdef12\+\s+main\s+hook\s+✗ failed\s+5\.0s$/);
    expect(lines[2]).toMatch(/^20260101-100000-aaaa\s+.*—\s+—\s+watch\s+⊘ interrupted\s+—$/);
    expect(lines[1]!.indexOf('hook')).toBe(lines[2]!.indexOf('watch'));
  });

  it("adds the job's own result per run with --job", () => {
    const text = formatHistory(runs, plain, 'unit');
    expect(text).toMatch(/DURATION\s+unit\n/);
    expect(text).toContain('✗ failed (exit 3) 1.5s');
    expect(text).toContain('did not finish');
  });
});

describe('formatRunSummary', () => {
  it('lists every planned job, with the ones a killed run never finished', () => {
    const run = makeRun(
      makeRecord('r1', {
        commit: 'abcdef1234567890',
        branch: 'main',
        configHash: 'f'.repeat(64),
        images: { 'busybox:1': 'sha256:' + '1'.repeat(64) },
        plan: [
          { job: 'build', needs: [], image: 'busybox:1' },
          { job: 'unit', needs: ['build'], image: 'busybox:1' },
        ],
        jobs: [{ job: 'build', status: 'failed', exitCode: 2, durationMs: 1200, attempts: 2, startedAt: 1 }],
      }),
    );
    const text = formatRunSummary(run, ['build', 'unit'], plain, asWritten);
    expect(text).toContain('commit   abcdef1234567890 on main');
    expect(text).toContain('config   sha256:ffffffffffffffff');
    expect(text).toMatch(/build\s+✗ failed\s+1\.2s\s+2\s+2\s+sha256:111111111111\n/);
    expect(text).toMatch(/unit\s+⊘ did not finish/);
    expect(text).toContain('log of build: ci logs build --run r1');
  });

  it('shows a failure reason through the job text gate it is given', () => {
    const reason = 'artifact "out/": out/link\u001b]0;title\u0007\u001b[2J -> /etc is an absolute link';
    const run = makeRun(makeRecord('r2', { status: 'failed', jobs: [{ job: 'build', status: 'failed', exitCode: 1, durationMs: 1, attempts: 1, startedAt: 1, reason }] }));
    expect(formatRunSummary(run, ['build'], plain, jobTextFor(true, plain))).toContain('out/link -> /etc is an absolute link\n');
    expect(formatRunSummary(run, ['build'], plain, asWritten)).toContain(reason);
  });
});
