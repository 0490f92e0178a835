/**
 * The chain of jobs that decided how long a run took, from the run's own job
 * timings (JobResult `startedAt` + `durationMs`, as `--json` reports them).
 *
 * Start at the job that ended last, then step back each time to the job that
 * ended last at or before this one started: what released it, either a job it
 * needed or, when every slot of `--concurrency` was busy, the job whose slot it
 * took. With the DAG alone (the needs) a run limited by concurrency would count
 * waiting for a slot as overhead; following what really released each job keeps
 * only the time spent outside jobs: start-up, scheduling gaps, and the end.
 *
 * A job's time, as localci reports it, runs from its `job-start` (container
 * creation, unless it was created ahead while its needs ran) through its steps
 * to its artifacts being collected; the container's removal runs in the
 * background and is not part of it.
 */
import type { JobResult } from '../src/run/events.js';

interface Span {
  job: string;
  start: number;
  end: number;
}

export function criticalChain(results: readonly JobResult[]): Span[] {
  const spans = results.flatMap((result) => (result.startedAt === undefined ? [] : [{ job: result.job, start: result.startedAt, end: result.startedAt + result.durationMs }]));
  const chain: Span[] = [];
  for (let current = latest(spans); current; ) {
    chain.unshift(current);
    const start = current.start;
    current = latest(spans.filter((span) => span.end <= start && !chain.includes(span)));
  }
  return chain;
}

export function chainMs(chain: readonly Span[]): number {
  return chain.reduce((sum, span) => sum + (span.end - span.start), 0);
}

function latest(spans: readonly Span[]): Span | undefined {
  let best: Span | undefined;
  for (const span of spans) if (!best || span.end > best.end) best = span;
  return best;
}
