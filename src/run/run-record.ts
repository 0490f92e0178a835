/**
 * `runs/<id>/run.json` in the project state: what ran, on which source, with which result.
 * Written atomically (temp file + rename) so a reader never sees half a record;
 * a run that never finished keeps `status: "running"` and reads as interrupted.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoverageTotals } from '../test-reports/test-report.js';
import type { JobResult, RunStatus } from './events.js';

export interface RunRecord {
  schema: 1;
  runId: string;
  trigger: string;
  pid: number;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus | 'running';
  commit?: string;
  branch?: string;
  dirty?: boolean;
  /** sha256 of the resolved pipeline JSON, exactly as `ci config` prints it (history/run-facts.ts). */
  configHash?: string;
  /**
   * The planned jobs in run order with their needs, written at the start: names a
   * run that never finished can still be read by, and the DAG of the report's critical path.
   */
  plan?: Array<{ job: string; needs: string[]; image: string }>;
  /** Image name → id of every named image the run made present: which image a job really ran in. */
  images?: Record<string, string>;
  jobs: JobResult[];
  /**
   * Each job's cache key (cache/job-key.ts), written once the cache is checked: two results with
   * one key are the same job on the same inputs, so a pass and a failure of one key is a flaky job.
   */
  jobKeys?: Record<string, string>;
  /** Line and branch totals of every job's coverage report (test-reports/run-coverage.ts). */
  coverage?: CoverageTotals;
}

export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  const file = path.join(runDir, 'run.json');
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(record, null, 2) + '\n');
    await rename(temp, file);
  } catch (error) {
    // A full disk leaves a half-written temp file behind; the reader only ever looks at run.json.
    await rm(temp, { force: true });
    throw error;
  }
}
