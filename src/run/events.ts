/**
 * Everything a run tells the outside world. Reporters consume only these
 * values, so the terminal UI, plain logs, JSON and log files stay in step.
 */

import type { CoverageTotals, TestCounts, TestFailure } from '../test-reports/test-report.js';

/** `cached`: an identical job (same cache key) passed before, so it did not run; counts as passed. */
export type JobStatus = 'passed' | 'cached' | 'failed' | 'allowed-failure' | 'skipped' | 'cancelled' | 'timed-out';
export type RunStatus = 'passed' | 'failed' | 'interrupted' | 'error';
export type LogStream = 'stdout' | 'stderr' | 'system';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** A `::error` / `::warning` / `::notice` workflow command a job printed (run/workflow-commands.ts); text masked. */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  col?: number;
}

export interface JobResult {
  job: string;
  status: JobStatus;
  /** Exit code of the failing step, when a step failed. */
  exitCode?: number;
  /** Why the job was skipped, cancelled or failed outside its steps. */
  reason?: string;
  startedAt?: number;
  durationMs: number;
  attempts: number;
  /** Id of the image the job really ran in. */
  imageId?: string;
  /** The engine that ran it, when the backend has several (a pool). */
  engine?: string;
  /** Its engine went away while it ran: the run ends as an environment error (exit 3). */
  engineLost?: boolean;
  /** What the job's JUnit reports counted (`reports.junit`), its first failed cases included. */
  tests?: TestCounts;
  /** Line and branch totals of the job's coverage file (`reports.coverage`). */
  coverage?: CoverageTotals;
  /** Annotations its last attempt printed (at most MAX_ANNOTATIONS); absent when none. */
  annotations?: Annotation[];
  /** The step summaries its last attempt wrote (Markdown, one after the other); absent when none. */
  summary?: string;
}

export type RunEvent =
  /** `needs`: each job's upstream jobs within this run (the DAG), absent from events made by hand. */
  | { type: 'run-start'; runId: string; time: number; jobs: string[]; needs?: Record<string, string[]>; commit?: string; dirty: boolean }
  | { type: 'image'; image: string; time: number; state: 'checking' | 'pulling' | 'ready'; detail?: string }
  | { type: 'job-start'; job: string; time: number; attempt: number; image: string }
  | { type: 'step-start'; job: string; time: number; index: number; name: string }
  | { type: 'log'; job: string; time: number; stream: LogStream; line: string }
  /** A failed test case of a job's JUnit reports, said just before the job's `job-end`. */
  | ({ type: 'test-failure'; job: string; time: number } & TestFailure)
  | { type: 'job-end'; time: number; result: JobResult }
  /**
   * Something the user should fix, said once per run: a large folder git neither tracks nor
   * ignores, or (with `job`) a declared artifact that matched nothing.
   */
  | { type: 'warning'; time: number; message: string; hint?: string; job?: string }
  | { type: 'run-end'; time: number; status: RunStatus; durationMs: number; results: JobResult[]; runDir?: string };

export type RunEventListener = (event: RunEvent) => void;
