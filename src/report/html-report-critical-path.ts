/**
 * The critical path of a finished run: the chain of jobs that decided how long
 * it took. Start at the job that ended last and step back, each time to the
 * job it needed that ended last (the one it was really waiting for), until a
 * job needed nothing that ran. Making any other job faster would not have
 * ended the run sooner. Runs recorded without their plan fall back to timing:
 * the predecessor is the job that ended last before this one started.
 */

export interface TimedJob {
  job: string;
  /** Epoch ms. */
  start: number;
  end: number;
  needs: readonly string[];
}

/** A job starts a few ms after what it needs ends; timing fallback only. */
const START_SLACK_MS = 100;

export function criticalPath(jobs: readonly TimedJob[], hasGraph: boolean): string[] {
  const last = latest(jobs);
  if (!last) return [];
  const byName = new Map(jobs.map((job) => [job.job, job]));
  const chain = [last];
  const seen = new Set([last.job]);
  for (let current = last; ; ) {
    const before = hasGraph
      ? current.needs.map((name) => byName.get(name)).filter((job): job is TimedJob => job !== undefined)
      : jobs.filter((job) => job.end <= current.start + START_SLACK_MS && job.start < current.start);
    const previous = latest(before.filter((job) => !seen.has(job.job)));
    if (!previous) break;
    chain.unshift(previous);
    seen.add(previous.job);
    current = previous;
  }
  return chain.map((job) => job.job);
}

function latest(jobs: readonly TimedJob[]): TimedJob | undefined {
  let best: TimedJob | undefined;
  for (const job of jobs) if (!best || job.end > best.end || (job.end === best.end && job.start > best.start)) best = job;
  return best;
}

/** Most jobs running at one moment: how much the run used its parallelism. */
export function peakParallelism(jobs: readonly TimedJob[]): number {
  const edges = jobs.flatMap((job) => [
    { time: job.start, delta: 1 },
    { time: job.end, delta: -1 },
  ]);
  // Ends before starts at the same instant: a job handing over to the next is not overlap.
  edges.sort((a, b) => a.time - b.time || a.delta - b.delta);
  let running = 0;
  let peak = 0;
  for (const edge of edges) {
    running += edge.delta;
    peak = Math.max(peak, running);
  }
  return peak;
}
