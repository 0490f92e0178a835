/**
 * A stored run's jobs and their log files. Job names come from the results,
 * or, for a run that never finished, from the plan it recorded at its start;
 * a job with no log file simply never started in that run.
 */
import { closest, distance } from 'fastest-levenshtein';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { jobFileName, jobLogFile, legacyJobFileName } from '../model/job-files.js';
import type { StoredRun } from './run-store.js';

export function logFileOf(run: StoredRun, job: string): string {
  const file = jobLogFile(run.dir, job);
  if (existsSync(file)) return file;
  const legacy = path.join(run.dir, `${legacyJobFileName(job)}.log`);
  return existsSync(legacy) ? legacy : file;
}

/** The run's jobs in run order. Old records without a plan fall back to the log files present. */
export async function jobsOf(run: StoredRun): Promise<string[]> {
  const fromResults = run.record.jobs.map((result) => result.job);
  const fromPlan = run.record.plan?.map((entry) => entry.job) ?? [];
  const known = [...new Set([...fromPlan, ...fromResults])];
  if (known.length > 0) return known;
  const files = await readdir(run.dir).catch(() => [] as string[]);
  return files.filter((name) => name.endsWith('.log')).map((name) => name.slice(0, -'.log'.length)).sort();
}

/** `unit` also means every matrix job `unit (…)`, as it does for `ci run unit`. */
export function matchJobs(jobs: readonly string[], query: string, runId: string): string[] {
  if (jobs.includes(query)) return [query];
  const matrix = jobs.filter((job) => job.startsWith(`${query} (`));
  if (matrix.length > 0) return matrix;
  const fileNamed = jobs.filter((job) => jobFileName(job) === query || legacyJobFileName(job) === query);
  if (fileNamed.length > 0) return fileNamed;
  const suggestion = suggestName(query, jobs);
  throw new UsageError(
    `Run ${runId} has no job "${query}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
    jobs.length > 0 ? `Its jobs: ${jobs.join(', ')}.` : 'That run recorded no jobs.',
  );
}

/** The known name a typo most likely meant, if one is close enough to be worth suggesting. */
export function suggestName(query: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const nearest = closest(query, [...names]);
  return distance(query, nearest) <= Math.max(2, query.length / 3) ? nearest : undefined;
}
