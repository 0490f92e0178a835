/**
 * `--report <file.html>` and `ci report`: one self-contained page per run to
 * keep or attach to a ticket. Inline CSS, no script, no external asset: the
 * run's facts, a timeline of jobs on their real start and end times with the
 * critical path outlined, a table of jobs and every job's log (its last lines),
 * folded, escaped.
 */
import os from 'node:os';
import path from 'node:path';
import { localTime } from '../history/history-table.js';
import { jobsOf } from '../history/job-logs.js';
import { readLogTails, type LogTail } from '../history/log-tails.js';
import { shortImageId } from '../history/run-summary.js';
import { imageIdOf, type StoredRun } from '../history/run-store.js';
import type { JobResult } from '../run/events.js';
import { formatDuration } from '../util/duration.js';
import { criticalPath, peakParallelism, type TimedJob } from './html-report-critical-path.js';
import { html } from './html-report-escape.js';
import { REPORT_CSS } from './html-report-style.js';
import { renderLog } from './html-report-log.js';
import { renderTimeline, type TimelineRow } from './html-report-timeline.js';
import { writeFileAtomic } from './junit-reporter.js';

export const HTML_LOG_LINES = 5000;

export interface HtmlReportInput {
  run: StoredRun;
  jobs: readonly string[];
  logs: ReadonlyMap<string, LogTail>;
  project: string;
  generatedAt: number;
}

export function renderHtmlReport({ run, jobs, logs, project, generatedAt }: HtmlReportInput): string {
  const results = new Map(run.record.jobs.map((result) => [result.job, result]));
  const needs = new Map((run.record.plan ?? []).map((entry) => [entry.job, entry.needs]));
  const timed = jobs.flatMap((job): TimedJob[] => {
    const result = results.get(job);
    return result && ran(result) ? [{ job, start: result.startedAt!, end: result.startedAt! + result.durationMs, needs: needs.get(job) ?? [] }] : [];
  });
  const critical = new Set(criticalPath(timed, run.record.plan !== undefined));
  const runEnd = run.startedAt + (run.durationMs ?? Math.max(0, ...timed.map((job) => job.end - run.startedAt)));
  const rows: TimelineRow[] = jobs.map((job) => {
    const result = results.get(job);
    const times = timed.find((entry) => entry.job === job);
    const note = result ? `${result.status}${result.reason ? `: ${result.reason}` : ''}` : 'did not finish';
    return { job, status: result?.status ?? 'unfinished', start: times?.start, end: times?.end, critical: critical.has(job), note };
  });
  const title = `localci run ${run.id}: ${run.status}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${html(project)} · run <span class="mono">${html(run.id)}</span></h1><span class="badge ${run.status}">${html(run.status)}</span></header>
${facts(run)}
${stats(run, jobs, results, timed, [...critical])}
<h2>Timeline</h2>
<div class="legend"><span><i class="passed"></i>passed</span><span><i class="failed"></i>failed</span><span><i class="allowed-failure"></i>failure allowed</span><span><i class="cancelled"></i>cancelled</span><span><i class="critical"></i>critical path: ${html([...critical].join(' → ') || 'none')}</span><span>hatched: setup before the first job</span></div>
${renderTimeline({ runStart: run.startedAt, runEnd, rows })}
<h2>Jobs</h2>
${jobTable(run, jobs, results, needs)}
<h2>Logs</h2>
${jobs.map((job) => logSection(run, job, results.get(job), logs.get(job))).join('\n')}
<footer>Made by localci on ${html(os.hostname())} at ${html(localTime(generatedAt))} from ${html(run.dir)}</footer>
</main>
</body>
</html>
`;
}

function ran(result: JobResult): boolean {
  return result.startedAt !== undefined && result.status !== 'skipped' && result.status !== 'cached' && !(result.status === 'cancelled' && result.durationMs === 0);
}

function facts(run: StoredRun): string {
  const { record } = run;
  const entries: Array<[string, string]> = [
    ['commit', record.commit ? `<span class="mono">${html(record.commit)}</span>${record.dirty ? ' + uncommitted changes' : ''}` : 'not a git repository'],
    ['branch', html(record.branch ?? '—')],
    ['started', html(localTime(run.startedAt))],
    ['duration', html(run.durationMs === undefined ? 'still running' : formatDuration(run.durationMs))],
    ['trigger', html(record.trigger)],
    ['config', record.configHash ? `<span class="mono" title="sha256 of \`ci config\`">${html(record.configHash.slice(0, 16))}</span>` : '—'],
  ];
  return `<dl class="facts">${entries.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

function stats(run: StoredRun, jobs: readonly string[], results: ReadonlyMap<string, JobResult>, timed: readonly TimedJob[], critical: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const job of jobs) {
    const status = results.get(job)?.status ?? 'unfinished';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const busy = timed.reduce((sum, job) => sum + (job.end - job.start), 0);
  const onPath = timed.filter((job) => critical.includes(job.job));
  const pathSpan = onPath.length > 0 ? Math.max(...onPath.map((job) => job.end)) - Math.min(...onPath.map((job) => job.start)) : 0;
  const entries: Array<[string, string]> = [
    [String(jobs.length), `jobs: ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}`],
    [formatDuration(run.durationMs ?? 0), 'wall clock'],
    [formatDuration(busy), 'job time, added up'],
    [String(peakParallelism(timed)), 'jobs at once, at most'],
    [formatDuration(pathSpan), 'critical path'],
  ];
  return `<div class="stats">${entries.map(([value, label]) => `<div class="stat"><b>${html(value)}</b>${html(label)}</div>`).join('')}</div>`;
}

function jobTable(run: StoredRun, jobs: readonly string[], results: ReadonlyMap<string, JobResult>, needs: ReadonlyMap<string, string[]>): string {
  const rows = jobs.map((job) => {
    const result = results.get(job);
    const status = result?.status ?? 'unfinished';
    const imageId = result && status !== 'skipped' ? imageIdOf(run, job) : undefined;
    const cells = [
      html(job),
      `<span class="st ${status}">${html(status)}</span>`,
      result && ran(result) ? html(formatDuration(result.durationMs)) : '—',
      result && result.attempts > 0 ? String(result.attempts) : '',
      result?.exitCode === undefined ? '' : String(result.exitCode),
      imageId ? `<span class="mono" title="${html(imageId)}">${html(shortImageId(imageId))}</span>` : '',
      html((needs.get(job) ?? []).join(', ')),
      html(result?.reason ?? ''),
    ];
    return `<tr>${cells.map((cell, index) => `<td${index >= 2 && index <= 4 ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr><th>Job</th><th>Status</th><th>Duration</th><th>Tries</th><th>Exit</th><th>Image</th><th>Needs</th><th>Note</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function logSection(run: StoredRun, job: string, result: JobResult | undefined, log: LogTail | undefined): string {
  const status = result?.status ?? 'unfinished';
  const open = status === 'failed' || status === 'timed-out' ? ' open' : '';
  const time = result && ran(result) ? ` · ${formatDuration(result.durationMs)}` : '';
  const summary = `<summary><span class="st ${status}">${html(status)}</span> <b>${html(job)}</b>${html(time)}</summary>`;
  if (!log?.exists) return `<details>${summary}<p class="note" style="padding:0 12px">No log: the job did not run in this run.</p></details>`;
  const cut = log.truncated ? `<p class="note" style="padding:6px 12px 0">Last ${log.lines.length} lines; the whole log: <code>ci logs ${html(job)} --run ${html(run.id)}</code></p>` : '';
  return `<details${open}>${summary}${cut}<div class="logs">${renderLog(log.lines)}</div></details>`;
}

export async function writeHtmlReport(run: StoredRun, file: string, project: string): Promise<void> {
  const jobs = await jobsOf(run);
  const logs = await readLogTails(run, jobs, HTML_LOG_LINES);
  await writeFileAtomic(file, renderHtmlReport({ run, jobs, logs, project, generatedAt: Date.now() }));
}

