/**
 * A job's overall time limit plus the running step's own limit, for jobs and for
 * deploy smoke steps alike, so both stop at the same moment and say which
 * limit fired in the same words.
 */
import type { Job } from '../model/pipeline.js';

export type TimedWork = Pick<Job, 'timeoutMs' | 'steps'>;

export class TimeLimits {
  private readonly jobTimer?: NodeJS.Timeout;
  private stepTimer?: NodeJS.Timeout;
  private expired?: string;

  constructor(
    private readonly work: TimedWork,
    private readonly onExpire: () => void,
  ) {
    if (work.timeoutMs !== undefined) {
      this.jobTimer = setTimeout(() => this.expire(`job exceeded its timeout of ${seconds(work.timeoutMs!)}`), work.timeoutMs);
    }
  }

  /** Step `index` started: the previous step's limit no longer applies, this one's does. */
  step(index: number): void {
    clearTimeout(this.stepTimer);
    const step = this.work.steps[index];
    if (step?.timeoutMs !== undefined) {
      this.stepTimer = setTimeout(() => this.expire(`step "${step.name}" exceeded its timeout of ${seconds(step.timeoutMs!)}`), step.timeoutMs);
    }
  }

  /** Which limit fired, once one has. */
  get fired(): string | undefined {
    return this.expired;
  }

  describe(): string {
    return this.expired ?? 'timed out';
  }

  clear(): void {
    clearTimeout(this.jobTimer);
    clearTimeout(this.stepTimer);
  }

  private expire(text: string): void {
    this.expired = text;
    this.onExpire();
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
