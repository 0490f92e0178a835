/**
 * What the CLI's output must look like whatever went wrong: no stack trace without --debug,
 * a usage or config error as `error <one sentence>` plus a hint, and `--json` output that is
 * NDJSON on every line.
 */
import { expect } from 'vitest';
import type { CliResult } from './cli.js';

/** A stack frame line (`    at fn (file.js:1:2)`); only --debug may print one. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Any indented `at ` line: stricter than STACK_FRAME, for output that must carry none. */
const AT_LINE = /^\s+at\s/m;

export function expectNoStackTrace(result: CliResult): void {
  expect(result.all, 'no stack trace without --debug').not.toMatch(AT_LINE);
}

/**
 * Exit 2, nothing on stdout, and on stderr `error …` mentioning `mentions`, followed by a
 * `hint` line; the whole message at most three lines.
 */
export function expectUsageError(result: CliResult, mentions: string): void {
  const context = `output was:\n${result.all}`;
  expect(result.exitCode, context).toBe(2);
  expect(result.stdout, context).toBe('');
  expectNoStackTrace(result);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0], context).toMatch(/^error \S/);
  expect(lines[0], context).toContain(mentions);
  expect(lines.slice(1).some((line) => line.startsWith('hint  ')), `a hint line; ${context}`).toBe(true);
  expect(lines.length, context).toBeLessThanOrEqual(3);
}

/** Parses every line of `--json` stdout; fails naming the first line that is not JSON. */
export function parseNdjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line ${index + 1} is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
      }
    });
}
