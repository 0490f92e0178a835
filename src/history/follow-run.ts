/**
 * `ci logs --follow`: prints a run's logs as they are written, job files read in
 * turn every 250 ms, until the run ends (its record stops saying `running`, or
 * its process is gone). A run that has already ended is printed once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { jobsOf, logFileOf } from './job-logs.js';
import { LogReader, type LineSink } from './log-reader.js';
import { readRun, type StoredRun } from './run-store.js';

export interface PrintLogsOptions {
  /** Jobs to print; undefined means all of the run's jobs, including ones that start later. */
  jobs?: readonly string[];
  follow: boolean;
  sink: LineSink;
  /** Called after each pass over the files, so followed output appears without waiting for a full batch. */
  afterPass?: () => Promise<void>;
  signal?: AbortSignal;
  intervalMs?: number;
}

/** Prints the logs; resolves with the run as it was last read (its final state when following). */
export async function printRunLogs(run: StoredRun, options: PrintLogsOptions): Promise<StoredRun> {
  const reader = new LogReader((job) => logFileOf(run, job), options.sink);
  const jobs = async (current: StoredRun) => options.jobs ?? (await jobsOf(current));
  let current = run;
  await reader.pass(await jobs(current));
  await options.afterPass?.();
  while (options.follow && current.status === 'running' && !options.signal?.aborted) {
    await sleep(options.intervalMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    current = (await readRun(run.dir)) ?? current;
    // Read after the state: lines written before the run ended are then all on disk.
    await reader.pass(await jobs(current));
    await options.afterPass?.();
  }
  await reader.finish();
  await options.afterPass?.();
  return current;
}
