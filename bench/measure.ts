/** Timing helpers for the benchmark: wall time of commands, medians, ratios. */
import { execa, type Options } from 'execa';

export interface Timing {
  medianMs: number;
  samplesMs: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs `fn` `count` times (after `warmup` unmeasured runs) and returns the median wall time.
 * An `fn` that returns a number has timed itself (so its own clean-up stays out of the sample).
 */
export async function timeRepeated(count: number, fn: () => Promise<unknown>, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const own = await fn();
    samples.push(typeof own === 'number' ? own : performance.now() - start);
  }
  return { medianMs: median(samples), samplesMs: samples };
}

/** Runs a command and fails loudly when it fails: a benchmark of a broken run means nothing. */
export async function mustRun(file: string, args: readonly string[], options: Options = {}): Promise<void> {
  const result = await execa(file, args, { reject: false, ...options });
  if (result.exitCode !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.exitCode}:\n${String(result.stderr ?? '').slice(-2000)}\n${String(result.stdout ?? '').slice(-2000)}`);
  }
}
