import { describe, expect, it } from 'vitest';
import type { LogTail } from '../../../src/history/log-tails.js';
import { renderHtmlReport } from '../../../src/report/html-report.js';
import type { JobResult } from '../../../src/run/events.js';
import { makeRecord, makeRun } from '../history/stored-run.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const result = (job: string, status: JobResult['status'], start: number, durationMs: number, extra: Partial<JobResult> = {}): JobResult => ({ job, status, startedAt: T0 + start, durationMs, attempts: 1, ...extra });

function report(logs: Record<string, LogTail> = {}) {
  const record = makeRecord('20260101-100000-abcd', {
    status: 'failed',
    startedAt: new Date(T0).toISOString(),
    finishedAt: new Date(T0 + 10_000).toISOString(),
    commit: 'abcdef1234567890',
    plan: [
      { job: 'build', needs: [], image: 'img' },
      { job: 'unit <fast>', needs: ['build'], image: 'img' },
      { job: 'lint', needs: ['build'], image: 'img' },
      { job: 'deploy', needs: ['unit <fast>', 'lint'], image: 'img' },
    ],
    jobs: [
      result('build', 'passed', 500, 2000),
      result('unit <fast>', 'passed', 2600, 1000),
      result('lint', 'failed', 2600, 7000, { exitCode: 2 }),
      { job: 'deploy', status: 'skipped', reason: 'needs "lint", which did not pass', durationMs: 0, attempts: 0 },
    ],
  });
  const run = makeRun(record);
  return renderHtmlReport({ run, jobs: record.plan!.map((entry) => entry.job), logs: new Map(Object.entries(logs)), project: 'app', generatedAt: T0 + 20_000 });
}

describe('renderHtmlReport', () => {
  it('is one self-contained page: inline style, no script, no external asset', () => {
    const page = report();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|url\(|@import|src=|href=/i);
  });

  it('places bars at their real start and length, outlining the critical path only', () => {
    const page = report();
    // build starts 0.5 s into a 10 s run and lasts 2 s.
    expect(page).toMatch(/class="bar passed critical" style="left:5\.000%;width:max\(3px, 20\.000%\)"/);
    expect(page).toMatch(/class="bar failed critical" style="left:26\.000%;width:max\(3px, 70\.000%\)"/);
    expect(page).toMatch(/class="bar passed" style="left:26\.000%;width:max\(3px, 10\.000%\)"/);
    expect(page).toContain('critical path: build → lint');
    expect(page).toContain('skipped: needs &quot;lint&quot;, which did not pass');
    expect(page).toMatch(/<b>2<\/b>jobs at once, at most/);
  });

  it('escapes job names and log lines, folds logs, opens the failed ones, and says when lines were left out', () => {
    const page = report({
      lint: { lines: ['$ eslint .', '<img src=x onerror=alert(1)> & \u001b[31mred\u001b[0m'], truncated: true, exists: true },
      build: { lines: ['built'], truncated: false, exists: true },
    });
    expect(page).toContain('unit &lt;fast&gt;');
    expect(page).not.toContain('unit <fast>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; red');
    expect(page).toContain('<span class="step">$ eslint .</span>');
    expect(page).toMatch(/<details open><summary><span class="st failed">failed<\/span> <b>lint<\/b>/);
    expect(page).toMatch(/<details><summary><span class="st passed">passed<\/span> <b>build<\/b>/);
    expect(page).toContain('Last 2 lines; the whole log: <code>ci logs lint --run 20260101-100000-abcd</code>');
    expect(page).toContain('No log: the job did not run in this run.');
  });
});
