/**
 * The last lines of each job's log, for reports (JUnit, HTML): read from the
 * end of the file, so a job that printed gigabytes costs no more than one that
 * printed twenty lines, with a flag when earlier lines were left out.
 */
import { stat } from 'node:fs/promises';
import { readLastLines } from '../triggers/pre-push/log-tail.js';
import { logFileOf } from './job-logs.js';
import type { StoredRun } from './run-store.js';

export interface LogTail {
  lines: string[];
  /** Lines before these exist in the file. */
  truncated: boolean;
  /** False when the job wrote no log in this run (skipped, cached, never started). */
  exists: boolean;
}

export async function readLogTail(file: string, count: number): Promise<LogTail> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return { lines: [], truncated: false, exists: false };
  const lines = await readLastLines(file, count + 1);
  const shownBytes = Buffer.byteLength(lines.join('\n')) + 1;
  const truncated = lines.length > count || info.size > shownBytes;
  return { lines: lines.slice(-count), truncated, exists: true };
}

export async function readLogTails(run: StoredRun, jobs: readonly string[], count: number): Promise<Map<string, LogTail>> {
  const tails = await Promise.all(jobs.map(async (job) => [job, await readLogTail(logFileOf(run, job), count)] as const));
  return new Map(tails);
}
