/**
 * What a notification says about a finished run: one line for people (bell
 * users, desktop pop-ups, chat webhooks) and a JSON summary for machines.
 */
import path from 'node:path';
import type { StoredRun } from '../history/run-store.js';
import { formatDuration } from '../util/duration.js';

export const NOTIFY_SCHEMA_VERSION = 1;

export interface RunNotice {
  schema: number;
  event: 'run-end';
  project: string;
  runId: string;
  status: string;
  trigger: string;
  commit?: string;
  branch?: string;
  dirty?: boolean;
  startedAt: string;
  durationMs?: number;
  jobs: Array<{ job: string; status: string; durationMs: number; exitCode?: number; reason?: string }>;
  /** The one-line summary; chat webhooks (Slack, Mattermost) show this field as the message. */
  text: string;
}

export function runTitle(run: StoredRun): string {
  return `localci: ${run.status === 'passed' ? 'passed' : run.status.toUpperCase()}`;
}

export function runLine(run: StoredRun, project: string): string {
  const failed = run.record.jobs.filter((job) => job.status === 'failed' || job.status === 'timed-out').map((job) => job.job);
  const where = [run.record.branch, run.record.commit?.slice(0, 8)].filter(Boolean).join(' @ ');
  const took = run.durationMs === undefined ? '' : ` in ${formatDuration(run.durationMs)}`;
  const why = failed.length > 0 ? `: ${failed.join(', ')} failed` : '';
  return `${project} run ${run.id} ${run.status}${took}${where ? ` (${where})` : ''}${why}`;
}

export function runNotice(run: StoredRun): RunNotice {
  const project = path.basename(path.resolve(run.dir, '..', '..', '..'));
  const { record } = run;
  return {
    schema: NOTIFY_SCHEMA_VERSION,
    event: 'run-end',
    project,
    runId: run.id,
    status: run.status,
    trigger: record.trigger,
    commit: record.commit,
    branch: record.branch,
    dirty: record.dirty,
    startedAt: record.startedAt,
    durationMs: run.durationMs,
    jobs: record.jobs.map(({ job, status, durationMs, exitCode, reason }) => ({ job, status, durationMs, exitCode, reason })),
    text: runLine(run, project),
  };
}
