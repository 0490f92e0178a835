/**
 * `ci show <run>`: what a stored run was (source, config, trigger, timing) and
 * each job's status, duration, attempts, exit code and the image it ran in.
 */
import { annotationLines } from '../report/annotation-lines.js';
import { statusSymbol } from '../report/status-text.js';
import type { JobText } from '../report/terminal-text.js';
import { failedTestLines, reportSuffix } from '../report/test-results-text.js';
import { MAX_FAILURES_KEPT } from '../test-reports/test-report.js';
import type { JobResult } from '../run/events.js';
import type { Palette } from '../util/color.js';
import { formatDuration } from '../util/duration.js';
import { localTime, runStateText } from './history-table.js';
import { imageIdOf, type StoredRun } from './run-store.js';

/** `jobText`: how this output shows job text (the failure reasons); see terminal-text.ts. */
export function formatRunSummary(run: StoredRun, jobs: readonly string[], colors: Palette, jobText: JobText): string {
  const { record } = run;
  const field = (name: string, value: string) => `${colors.dim(name.padEnd(8))} ${value}`;
  const took = run.durationMs === undefined ? 'still running' : `took ${formatDuration(run.durationMs)}`;
  const lines = [
    field('run', `${colors.bold(run.id)}  ${runStateText(run.status, colors)}`),
    field('trigger', `${record.trigger}, started ${localTime(run.startedAt)}, ${took}`),
    field('commit', record.commit ? `${record.commit}${record.dirty ? ' + uncommitted changes' : ''}${record.branch ? ` on ${record.branch}` : ''}` : 'not a git repository'),
  ];
  if (record.configHash) lines.push(field('config', `sha256:${record.configHash.slice(0, 16)}`));
  lines.push(field('folder', run.dir), '');
  lines.push(...jobTable(run, jobs, colors, jobText), ...annotationLines(record.jobs, colors, jobText));
  lines.push(...testReportLines(record.jobs, colors, jobText));
  // Step summaries ($GITHUB_STEP_SUMMARY) as the job wrote them: Markdown, job text.
  for (const result of record.jobs) if (result.summary) lines.push('', colors.bold(`Summary of ${result.job}`), ...result.summary.split('\n').map((line) => `  ${jobText(line)}`));
  const failed = record.jobs.filter((result) => result.status === 'failed' || result.status === 'timed-out');
  if (failed.length > 0) lines.push('', ...failed.map((result) => colors.dim(`log of ${result.job}: ci logs ${shellWord(result.job)} --run ${run.id}`)));
  return lines.join('\n') + '\n';
}

/** Per job with reports: its tests and coverage, then its failed cases (all that the run kept). */
function testReportLines(results: readonly JobResult[], colors: Palette, jobText: JobText): string[] {
  const reported = results.filter((result) => result.tests || result.coverage);
  if (reported.length === 0) return [];
  const lines = ['', colors.bold('TESTS')];
  for (const result of reported) {
    lines.push(`  ${result.job}${reportSuffix(result).replaceAll(' · ', '  ')}`);
    lines.push(...failedTestLines(result, colors, jobText, '    ', MAX_FAILURES_KEPT));
  }
  return lines;
}

function jobTable(run: StoredRun, jobs: readonly string[], colors: Palette, jobText: JobText): string[] {
  const results = new Map(run.record.jobs.map((result) => [result.job, result]));
  const header = ['JOB', 'STATUS', 'DURATION', 'TRIES', 'EXIT', 'IMAGE', 'NOTE'];
  const rows = jobs.map((job) => row(job, results.get(job), run.status === 'running', colors, imageIdOf(run, job), jobText));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.plain.length)));
  const render = (cells: Array<{ plain: string; shown: string }>) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell.shown : cell.shown + ' '.repeat(widths[column]! - cell.plain.length)))
      .join('  ')
      .trimEnd();
  return [colors.bold(render(header.map((title) => ({ plain: title, shown: title })))), ...rows.map(render)];
}

function row(job: string, result: JobResult | undefined, running: boolean, colors: Palette, imageId: string | undefined, jobText: JobText) {
  const cell = (plain: string, shown = plain) => ({ plain, shown });
  if (!result) return [cell(job), cell(running ? '● running or waiting' : '⊘ did not finish'), cell('—'), cell(''), cell(''), cell(''), cell('')];
  const status = `${statusSymbol(result.status, colors)} ${result.status}`;
  const untimed = result.status === 'skipped' || result.status === 'cached' || result.startedAt === undefined;
  return [
    cell(job),
    cell(`x ${result.status}`, status),
    cell(untimed ? '—' : formatDuration(result.durationMs)),
    cell(result.attempts > 0 ? String(result.attempts) : ''),
    cell(result.exitCode === undefined ? '' : String(result.exitCode)),
    cell(imageId && result.status !== 'skipped' ? shortImageId(imageId) : ''),
    cell(jobText(result.reason ?? '')),
  ];
}

export function shortImageId(id: string): string {
  return id.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/, 'sha256:$2');
}

/** Matrix job names contain spaces and parentheses; quoted so the hint can be pasted. */
export function shellWord(word: string): string {
  return /^[\w.@%+=:,/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
