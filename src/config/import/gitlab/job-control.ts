/** `when`, `allow_failure`, `timeout` and `retry` of a GitLab job in localci terms. */
import type { JobConfig, JobWhen, RetryConfig } from '../../types.js';
import { isMapping } from './deep-merge.js';
import { warn, type JobContext } from './job-context.js';

const WHEN: Record<string, JobWhen> = { on_success: 'on-success', on_failure: 'on-failure', always: 'always', manual: 'manual', delayed: 'on-success' };

export function jobWhen(value: unknown, at: Array<string | number>, context: JobContext): JobWhen | undefined {
  if (value === undefined || value === null) return undefined;
  const when = WHEN[String(value)];
  if (when === undefined) warn(context, at, `ignored: unknown value \`${String(value)}\`; runs on success`);
  if (value === 'delayed') warn(context, at, 'approximated: a delayed job runs without waiting for `start_in`');
  return when;
}

export function allowFailure(value: unknown, at: Array<string | number>, context: JobContext): JobConfig['allowFailure'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (isMapping(value) && value.exit_codes !== undefined) {
    const codes = (Array.isArray(value.exit_codes) ? value.exit_codes : [value.exit_codes]).map(Number).filter((code) => Number.isInteger(code) && code >= 1 && code <= 255);
    if (codes.length > 0) return { exitCodes: codes };
  }
  warn(context, at, 'ignored: expected true, false or `exit_codes:`');
  return undefined;
}

const UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hr: 3600, hour: 3600, d: 86_400, day: 86_400, w: 604_800, week: 604_800 };

/** GitLab's human durations (`1h 30m`, `3 hours`, `90 minutes`, `1 day`) in seconds; a bare number is seconds. */
export function gitlabSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  const text = String(value).trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text) || undefined;
  let total = 0;
  let rest = text.replace(/\band\b|,/g, ' ');
  const part = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)/;
  while (rest.trim() !== '') {
    const match = part.exec(rest);
    const unit = match ? UNITS[match[2]!.replace(/s$/, '')] ?? UNITS[match[2]!] : undefined;
    if (!match || unit === undefined) return undefined;
    total += Number(match[1]) * unit;
    rest = rest.slice(match[0].length);
  }
  return total > 0 ? Math.round(total) : undefined;
}

export function timeout(value: unknown, context: JobContext): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = gitlabSeconds(value);
  if (seconds === undefined) warn(context, ['timeout'], `ignored: \`${String(value)}\` is not a duration localci reads`);
  return seconds;
}

const FAILURE = new Set(['always', 'script_failure', 'unknown_failure']);
const TIMEOUT = new Set(['always', 'stuck_or_timeout_failure', 'job_execution_timeout']);

export function retry(value: unknown, context: JobContext): RetryConfig | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (!isMapping(value)) return undefined;
  const max = Number(value.max ?? 0);
  if (value.exit_codes !== undefined) warn(context, ['retry', 'exit_codes'], 'approximated: every failing exit code is retried');
  if (value.when === undefined) return max;
  const reasons = (Array.isArray(value.when) ? value.when : [value.when]).map(String);
  const when: RetryConfig['when'] = [];
  if (reasons.some((reason) => FAILURE.has(reason))) when.push('failure');
  if (reasons.some((reason) => TIMEOUT.has(reason))) when.push('timeout');
  const other = reasons.filter((reason) => !FAILURE.has(reason) && !TIMEOUT.has(reason));
  if (other.length > 0) warn(context, ['retry', 'when'], `ignored: ${other.join(', ')} (runner and GitLab failures do not happen in a local run)`);
  return when.length === 0 ? 0 : { max, when };
}
