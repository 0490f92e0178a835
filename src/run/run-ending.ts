/**
 * Every run that said `run-start` says `run-end`, however it ends. A run stopped before or
 * between its jobs (Ctrl-C during the image check, the engine gone, a full disk) would otherwise
 * leave `--json` readers and the event journal with a stream that just stops: it ends with a
 * `job-end` (cancelled) for each job that had not ended, then `run-end` with the run's status.
 */
import type { JobResult, JobStatus, RunEvent, RunStatus } from './events.js';
import { CANCELLED_BECAUSE } from './job-attempts.js';

export class RunEnding {
  private readonly ended = new Map<string, JobResult>();
  private started = false;
  private said = false;

  /** Fed every event the run emits. */
  onEvent(event: RunEvent): void {
    if (event.type === 'run-start') this.started = true;
    if (event.type === 'job-end') this.ended.set(event.result.job, event.result);
    if (event.type === 'run-end') this.said = true;
  }

  /** How a job that already ended ended (a job after it sees its needs' statuses). */
  statusOf(job: string): JobStatus | undefined {
    return this.ended.get(job)?.status;
  }

  /** True when the run said `run-start` and has not said `run-end` yet. */
  get owed(): boolean {
    return this.started && !this.said;
  }

  /**
   * The results of a run that stopped early, in plan order: what ended, and the rest cancelled,
   * each of which is said as a `job-end` first (a job that never started has no `job-start`).
   */
  cancelRest(jobs: readonly string[], status: Extract<RunStatus, 'interrupted' | 'error'>, emit: (event: RunEvent) => void): JobResult[] {
    const reason = CANCELLED_BECAUSE[status];
    return jobs.map((job) => {
      const result = this.ended.get(job);
      if (result) return result;
      const cancelled: JobResult = { job, status: 'cancelled', reason, durationMs: 0, attempts: 0 };
      emit({ type: 'job-end', time: Date.now(), result: cancelled });
      return cancelled;
    });
  }
}
