/**
 * The output of a CLI started with startCli(), as it arrives: stdout and stderr interleaved,
 * with waits for a piece of it to appear.
 */
import type { ResultPromise } from 'execa';
import { waitFor } from './wait-for.js';

export interface LiveOutput {
  /** Everything written so far. */
  text(): string;
  /** Waits until `pattern` has appeared `times` times in all; the timeout error shows the output. */
  waitFor(pattern: string | RegExp, options?: { times?: number; timeoutMs?: number }): Promise<void>;
  count(pattern: string | RegExp): number;
}

export function followOutput(subprocess: ResultPromise): LiveOutput {
  let output = '';
  const append = (chunk: Buffer) => (output += chunk.toString());
  subprocess.stdout?.on('data', append);
  subprocess.stderr?.on('data', append);
  const count = (pattern: string | RegExp) =>
    typeof pattern === 'string' ? output.split(pattern).length - 1 : (output.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length;
  return {
    text: () => output,
    count,
    // What appears is the work of a CLI (a whole pipeline run, often): on a loaded machine that
    // takes well past 30 s, while a hang still ends inside the Docker projects' test time limits.
    waitFor: (pattern, { times = 1, timeoutMs = 90_000 } = {}) =>
      waitFor(() => count(pattern) >= times, { timeoutMs, message: `${times}× ${String(pattern)} in the output:\n${output}` }),
  };
}
