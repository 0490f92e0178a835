/**
 * Starts every job as soon as what it needs has finished (no stage batches),
 * up to the concurrency limit, and decides from the upstream results whether
 * a job runs or is skipped. Knows nothing about Docker: it calls `execute`.
 */
import type { Plan } from '../plan/plan.js';
import type { Job } from '../model/pipeline.js';
import type { JobResult, RunEventListener } from './events.js';
import { cancelledBecause, runJobWithRetries, type ExecuteJob } from './job-attempts.js';

export interface SchedulerOptions {
  concurrency: number;
  failFast: boolean;
  /** Aborted on Ctrl-C; running jobs are cancelled, pending ones never start. */
  signal: AbortSignal;
  /** Called once for a job that will likely run next, so its container can be set up early. */
  warm?: (job: Job) => void;
  /** Results known without running (cache hits): such jobs finish as soon as their needs did. */
  known?: ReadonlyMap<string, JobResult>;
}

/** Statuses that make dependents with `when: 'on-success'` skip. */
const BROKEN = new Set(['failed', 'timed-out', 'cancelled']);

export async function schedule(plan: Plan, execute: ExecuteJob, emit: RunEventListener, options: SchedulerOptions): Promise<JobResult[]> {
  const results = new Map<string, JobResult>();
  /** Jobs whose upstream chain contains a failure, so `on-failure` jobs know to run. */
  const broken = new Set<string>();
  /** Jobs that said at run time they are skipped (a GitHub job's `if:`), and the on-success jobs after them: as on GitHub, those skip too. */
  const passedOver = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const failFast = new AbortController();
  const jobSignal = AbortSignal.any([options.signal, failFast.signal]);
  let fatal: unknown;

  const finish = (result: JobResult) => {
    results.set(result.job, result);
    if (BROKEN.has(result.status) || (result.status === 'skipped' && upstreamBroken(plan, result.job, broken))) {
      broken.add(result.job);
    } else if (result.status === 'skipped' && (result.attempts > 0 || (plan.needs.get(result.job) ?? []).some((dep) => passedOver.has(dep)))) {
      passedOver.add(result.job);
    }
    emit({ type: 'job-end', time: Date.now(), result });
    if (options.failFast && (result.status === 'failed' || result.status === 'timed-out') && !failFast.signal.aborted) {
      failFast.abort('fail-fast');
    }
  };

  const warmed = new Set<string>();
  const startReady = () => {
    for (const job of plan.jobs) {
      if (results.has(job.name) || running.has(job.name)) continue;
      const needs = plan.needs.get(job.name) ?? [];
      if (!needs.every((dep) => results.has(dep))) {
        // Next wave: everything it needs is under way and nothing has broken yet.
        if (options.warm && !warmed.has(job.name) && !options.known?.has(job.name) && !jobSignal.aborted && needs.every((dep) => running.has(dep) || (results.has(dep) && !broken.has(dep)))) {
          warmed.add(job.name);
          options.warm(job);
        }
        continue;
      }
      const skipReason = jobSignal.aborted ? cancelledBecause(jobSignal) : decide(job, needs, broken, passedOver);
      const known = options.known?.get(job.name);
      if (known && skipReason === undefined) {
        finish(known);
        continue;
      }
      if (skipReason !== undefined) {
        finish({ job: job.name, status: jobSignal.aborted ? 'cancelled' : 'skipped', reason: skipReason, durationMs: 0, attempts: 0 });
        continue;
      }
      if (running.size >= options.concurrency) continue;
      const task = runJobWithRetries(job, execute, emit, jobSignal).then(finish, (error: unknown) => {
        fatal ??= error;
        failFast.abort('error');
      });
      running.set(job.name, task.finally(() => running.delete(job.name)));
    }
  };

  startReady();
  while (running.size > 0) {
    await Promise.race(running.values());
    startReady();
  }
  if (fatal !== undefined) throw fatal;
  return plan.jobs.map((job) => results.get(job.name)!);
}

/** Returns a skip reason, or undefined when the job should run now. */
function decide(job: Job, needs: readonly string[], broken: ReadonlySet<string>, passedOver: ReadonlySet<string>): string | undefined {
  const failedNeed = needs.find((dep) => broken.has(dep));
  const skippedNeed = needs.find((dep) => passedOver.has(dep));
  switch (job.when) {
    case 'always':
      return undefined;
    case 'on-failure':
      return failedNeed === undefined ? 'runs only when a job it needs fails' : undefined;
    default:
      if (failedNeed !== undefined) return `needs "${failedNeed}", which did not pass`;
      return skippedNeed === undefined ? undefined : `needs "${skippedNeed}", which was skipped`;
  }
}

function upstreamBroken(plan: Plan, job: string, broken: ReadonlySet<string>): boolean {
  return (plan.needs.get(job) ?? []).some((dep) => broken.has(dep));
}
