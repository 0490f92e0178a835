/** The table printed when a run ends: one row per job, then the verdict. */
import type { JobResult, RunStatus } from '../run/events.js';
import type { Palette } from '../util/color.js';
import { formatDuration } from '../util/duration.js';
import { annotationLines } from './annotation-lines.js';
import { describeResult, statusSymbol } from './status-text.js';
import type { JobText } from './terminal-text.js';
import { failedTestLines, reportSuffix } from './test-results-text.js';

export function formatSummary(results: readonly JobResult[], status: RunStatus, durationMs: number, colors: Palette, jobText: JobText, logHint?: string): string {
  const width = Math.max(3, ...results.map((result) => result.job.length));
  const rows = results.flatMap((result) => [
    `  ${statusSymbol(result.status, colors)} ${result.job.padEnd(width)}  ${describeResult(result, jobText)}${reportSuffix(result)}`,
    ...failedTestLines(result, colors, jobText, ' '.repeat(width + 6)),
  ]);
  const counts = countByStatus(results);
  const verdict =
    status === 'passed'
      ? colors.green(colors.bold('PASSED'))
      : status === 'interrupted'
        ? colors.yellow(colors.bold('INTERRUPTED'))
        : // The run could not go on (the engine gone, a full disk): no verdict on the code.
          colors.red(colors.bold(status === 'error' ? 'ERROR' : 'FAILED'));
  const lines = ['', ...rows, ...annotationLines(results, colors, jobText), '', `${verdict} ${counts} in ${formatDuration(durationMs)}`];
  if (logHint && status !== 'passed') lines.push(colors.dim(logHint));
  return lines.join('\n') + '\n';
}

function countByStatus(results: readonly JobResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}
