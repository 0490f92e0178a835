/**
 * Runs one job with its time limits and retries, turning the backend's exit
 * into a JobResult. Kept apart from the scheduler so ordering and per-job
 * policy can be read (and tested) separately.
 */
import type { JobExit, JobIO } from '../backend/backend.js';
import { LocalciError } from '../errors.js';
import type { Job } from '../model/pipeline.js';
import type { Annotation, JobResult, RunEventListener } from './events.js';
import type { CoverageTotals, TestCounts } from '../test-reports/test-report.js';
import { TimeLimits } from './time-limits.js';

/** A job's exit with what its test reports said (run/job-reports.ts fills these, backends do not). */
export interface JobEnd extends JobExit {
  tests?: TestCounts;
  coverage?: CoverageTotals;
}

export type ExecuteJob = (job: Job, io: JobIO, signal: AbortSignal, attempt: number) => Promise<JobEnd>;

/** Why a job's own signal fired: the user, --fail-fast, an error that ends the run (Docker gone), or a time limit. */
export type AbortReason = 'interrupted' | 'fail-fast' | 'error' | 'timeout';
type RunAbortReason = Exclude<AbortReason, 'timeout'>;

export const CANCELLED_BECAUSE: Record<RunAbortReason, string> = {
  interrupted: 'interrupted',
  'fail-fast': 'cancelled by --fail-fast',
  error: 'the run stopped on an error',
};

/** Why the run's signal fired, as its jobs report it: anything but our own reasons is the user. */
export function runAbortReason(signal: AbortSignal): RunAbortReason {
  return signal.reason === 'fail-fast' || signal.reason === 'error' ? signal.reason : 'interrupted';
}

/** The reason shown for a job cancelled because the run was. */
export function cancelledBecause(signal: AbortSignal): string {
  return CANCELLED_BECAUSE[runAbortReason(signal)];
}

export async function runJobWithRetries(
  job: Job,
  execute: ExecuteJob,
  emit: RunEventListener,
  runSignal: AbortSignal,
): Promise<JobResult> {
  const startedAt = Date.now();
  let attempt = 0;
  for (;;) {
    attempt += 1;
    emit({ type: 'job-start', job: job.name, time: Date.now(), attempt, image: imageLabel(job) });
    const outcome = await runAttempt(job, execute, emit, runSignal, attempt);
    const retryable = outcome.kind === 'failure' || outcome.kind === 'timeout';
    if (retryable && attempt <= job.retry.max && job.retry.when.includes(outcome.kind) && !runSignal.aborted) {
      emit({ type: 'log', job: job.name, time: Date.now(), stream: 'system', line: `retrying (attempt ${attempt + 1} of ${job.retry.max + 1})` });
      continue;
    }
    const result = toResult(job, outcome, startedAt, attempt);
    // One event per failed test case: --json readers and the live views need not dig in the result.
    for (const failure of result.tests?.failures ?? []) emit({ type: 'test-failure', job: job.name, time: Date.now(), ...failure });
    return result;
  }
}

type AttemptOutcome = (
  | { kind: 'success'; exit: JobEnd }
  | { kind: 'failure'; exit?: JobEnd; reason?: string }
  /** Not retried: the run ends as an environment error whatever a retry would do. */
  | { kind: 'engine-lost'; exit: JobEnd; reason: string }
  | { kind: 'timeout'; reason: string }
  | { kind: 'cancelled'; reason: string }
) & { annotations?: Annotation[]; summary?: string; skipped?: string };

/** A job printing annotations in a loop fills its log, not its result and every summary. */
export const MAX_ANNOTATIONS = 50;

async function runAttempt(
  job: Job,
  execute: ExecuteJob,
  emit: RunEventListener,
  runSignal: AbortSignal,
  attempt: number,
): Promise<AttemptOutcome> {
  const texts: AttemptTexts = { annotations: [], summaries: [], skipped: undefined };
  const outcome = await attemptOutcome(job, execute, emit, runSignal, attempt, texts);
  return {
    ...outcome,
    ...(texts.annotations.length > 0 ? { annotations: texts.annotations } : {}),
    ...(texts.summaries.length > 0 ? { summary: texts.summaries.join('\n\n') } : {}),
    ...(texts.skipped === undefined ? {} : { skipped: texts.skipped }),
  };
}

/** What the text gate hands over from one attempt, besides the log. */
interface AttemptTexts {
  annotations: Annotation[];
  summaries: string[];
  /** Why the job said it is skipped, when it did. */
  skipped: string | undefined;
}

async function attemptOutcome(
  job: Job,
  execute: ExecuteJob,
  emit: RunEventListener,
  runSignal: AbortSignal,
  attempt: number,
  texts: AttemptTexts,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const abort = (reason: AbortReason) => controller.abort(reason);
  const onRunAbort = () => abort(runAbortReason(runSignal));
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  if (runSignal.aborted) onRunAbort();

  const timers = new TimeLimits(job, () => abort('timeout'));
  const io: JobIO = {
    log: (stream, line) => emit({ type: 'log', job: job.name, time: Date.now(), stream, line }),
    stepStarted: (index) => {
      timers.step(index);
      const step = job.steps[index];
      if (step) emit({ type: 'step-start', job: job.name, time: Date.now(), index, name: step.name });
    },
    warn: (message, hint) => {
      // In the job's log too, so `ci logs`, JUnit and the HTML report show it next to the output.
      emit({ type: 'log', job: job.name, time: Date.now(), stream: 'system', line: `warning: ${message}` });
      emit({ type: 'warning', job: job.name, time: Date.now(), message, hint });
    },
    annotate: (annotation) => {
      if (texts.annotations.length < MAX_ANNOTATIONS) texts.annotations.push(annotation);
    },
    summarize: (markdown) => {
      texts.summaries.push(markdown);
    },
    skip: (reason) => {
      texts.skipped ??= reason;
    },
  };
  try {
    const exit = await execute(job, io, controller.signal, attempt);
    if (controller.signal.aborted) return abortedOutcome(controller.signal.reason as AbortReason, timers.describe());
    if (exit.engineLost) return { kind: 'engine-lost', exit, reason: exit.reason ?? 'its engine went away' };
    return exit.exitCode === 0 ? { kind: 'success', exit } : { kind: 'failure', exit, reason: exit.reason ?? commandProblem(job, exit) };
  } catch (error) {
    if (controller.signal.aborted) return abortedOutcome(controller.signal.reason as AbortReason, timers.describe());
    // Environment problems (Docker gone) end the whole run; anything else fails this job only.
    if (error instanceof LocalciError && error.exitCode === 3) throw error;
    return { kind: 'failure', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    timers.clear();
    runSignal.removeEventListener('abort', onRunAbort);
  }
}

function abortedOutcome(reason: AbortReason, timeoutText: string): AttemptOutcome {
  if (reason === 'timeout') return { kind: 'timeout', reason: timeoutText };
  return { kind: 'cancelled', reason: CANCELLED_BECAUSE[reason] };
}

function toResult(job: Job, outcome: AttemptOutcome, startedAt: number, attempts: number): JobResult {
  const base = { job: job.name, startedAt, durationMs: Date.now() - startedAt, attempts, ...(outcome.annotations ? { annotations: outcome.annotations } : {}), ...(outcome.summary ? { summary: outcome.summary } : {}) };
  switch (outcome.kind) {
    case 'success':
      // Skipped at run time (GitHub's job `if:`): as GitHub shows it, not as a pass.
      if (outcome.skipped !== undefined) return { ...base, status: 'skipped', reason: outcome.skipped };
      return { ...base, status: 'passed', exitCode: 0, imageId: outcome.exit.imageId, ...ranOn(outcome.exit), ...reported(outcome.exit) };
    case 'engine-lost':
      return { ...base, status: 'failed', reason: outcome.reason, engineLost: true, ...ranOn(outcome.exit) };
    case 'failure': {
      const status = failureAllowed(job, outcome.exit?.exitCode) ? 'allowed-failure' : 'failed';
      return { ...base, status, exitCode: outcome.exit?.exitCode, reason: outcome.reason, imageId: outcome.exit?.imageId, ...ranOn(outcome.exit), ...reported(outcome.exit) };
    }
    case 'timeout':
      return { ...base, status: 'timed-out', reason: outcome.reason };
    case 'cancelled':
      return { ...base, status: 'cancelled', reason: outcome.reason };
  }
}

/** The engine of an attempt, left out when the backend has only one. */
function ranOn(exit: JobEnd | undefined): Pick<JobResult, 'engine'> {
  return exit?.engine === undefined ? {} : { engine: exit.engine };
}

/** The test counts and coverage of an attempt, left out when its job has no reports. */
function reported(exit: JobEnd | undefined): Pick<JobResult, 'tests' | 'coverage'> {
  return { ...(exit?.tests ? { tests: exit.tests } : {}), ...(exit?.coverage ? { coverage: exit.coverage } : {}) };
}

/** `allowFailure` with exit codes allows only a step's exit with one of them (not a crash or an engine error). */
function failureAllowed(job: Job, exitCode: number | undefined): boolean {
  if (!job.allowFailure) return false;
  return job.allowFailureExitCodes === undefined || (exitCode !== undefined && job.allowFailureExitCodes.includes(exitCode));
}

/**
 * Exit 127 and 126 are the shell saying a command could not run at all (missing from the
 * image, or not executable), which `exit 127` alone does not tell a reader: name the step.
 */
function commandProblem(job: Job, exit: JobExit): string | undefined {
  const problem = exit.exitCode === 127 ? 'command not found' : exit.exitCode === 126 ? 'command not executable' : undefined;
  const index = exit.failedStep;
  const step = index === undefined ? undefined : job.steps[index];
  if (problem === undefined || index === undefined || step === undefined) return problem;
  return `${problem} in step ${index + 1} "${step.name}"`;
}

function imageLabel(job: Job): string {
  return job.image.kind === 'name' ? job.image.name : `${job.image.dockerfile}${job.image.target ? `#${job.image.target}` : ''}`;
}
