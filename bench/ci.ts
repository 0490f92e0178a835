/** Runs the built localci CLI the way a user would, and reads its NDJSON events. */
import { execa } from 'execa';
import type { JobResult, RunEvent } from '../src/run/events.js';
import { mustRun } from './measure.js';

/** No terminal UI, no colours: the cheapest output, as in CI. */
export const CI_ENV = { CI: 'true', NO_COLOR: '1' };

export function ciRun(cli: string, cwd: string, args: readonly string[] = []): Promise<void> {
  return mustRun(process.execPath, [cli, 'run', ...args], { cwd, env: CI_ENV });
}

export interface JsonRun {
  /** From spawning the CLI until it exited. */
  wallMs: number;
  events: RunEvent[];
  results: JobResult[];
}

/** `ci run --json`; fails unless the run passed, since timings of a broken run mean nothing. */
export async function ciRunJson(cli: string, cwd: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<JsonRun> {
  const start = performance.now();
  const result = await execa(process.execPath, [cli, 'run', '--json', ...args], { cwd, env: { ...CI_ENV, ...env }, reject: false });
  const wallMs = performance.now() - start;
  const events = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);
  const end = events.find((event) => event.type === 'run-end');
  if (result.exitCode !== 0 || end?.status !== 'passed') {
    throw new Error(`ci run --json ${args.join(' ')} in ${cwd} exited ${result.exitCode} (${end?.status ?? 'no run-end'}):\n${result.stderr.slice(-2000)}\n${logTail(events)}`);
  }
  return { wallMs, events, results: end.results };
}

/** Log lines a job printed, for checking it did what the bench asked. */
export function jobLines(events: readonly RunEvent[], job: string): string[] {
  return events.flatMap((event) => (event.type === 'log' && event.job === job ? [event.line] : []));
}

function logTail(events: readonly RunEvent[]): string {
  return events
    .flatMap((event) => (event.type === 'log' ? [`[${event.job}] ${event.line}`] : []))
    .slice(-40)
    .join('\n');
}
