/** Symbols and words for job states, shared by every human-facing reporter. */
import type { JobResult, JobStatus } from '../run/events.js';
import type { Palette } from '../util/color.js';
import { formatDuration } from '../util/duration.js';
import type { JobText } from './terminal-text.js';

const SYMBOL: Record<JobStatus, string> = {
  passed: '✓',
  cached: '≡',
  failed: '✗',
  'allowed-failure': '!',
  skipped: '○',
  cancelled: '⊘',
  'timed-out': '⏱',
};

export function statusSymbol(status: JobStatus, colors: Palette): string {
  const symbol = SYMBOL[status];
  switch (status) {
    case 'passed':
    case 'cached':
      return colors.green(symbol);
    case 'failed':
    case 'timed-out':
      return colors.red(symbol);
    case 'allowed-failure':
      return colors.yellow(symbol);
    default:
      return colors.dim(symbol);
  }
}

/**
 * `failed (exit 2) in 1.3s`, `skipped: needs "build", which did not pass`. The reason may hold
 * job text, so the caller says how its output shows that (terminal-text.ts).
 */
export function describeResult(result: JobResult, jobText: JobText): string {
  const word = result.status === 'allowed-failure' ? 'failed (allowed)' : result.status;
  const exit = result.exitCode !== undefined && result.exitCode !== 0 ? ` (exit ${result.exitCode})` : '';
  const untimed = result.status === 'skipped' || result.status === 'cached' || (result.status === 'cancelled' && result.durationMs === 0);
  const time = untimed ? '' : ` in ${formatDuration(result.durationMs)}`;
  const reason = result.reason ? `: ${jobText(result.reason)}` : '';
  const attempts = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
  // The engine's name comes from the config or the environment: shown as carefully as job text.
  const where = result.engine === undefined ? '' : ` on ${jobText(result.engine)}`;
  return `${word}${exit}${time}${where}${attempts}${reason}`;
}
