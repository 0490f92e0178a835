/**
 * Runs the built CLI the way a user does: `node bin/ci.js ...` in a project directory. Output is
 * plain (NO_COLOR, CI=true: no colours, no interactive UI) unless a test overrides the env;
 * interactive UI tests use tmux.ts instead.
 */
import os from 'node:os';
import { execa, type ResultPromise } from 'execa';
import { onTestFinished } from 'vitest';
import { GIT_ENV } from './git-repo.js';
import { claimCliPid, claimProjectDir } from './ownership.js';
import { CLI_BIN } from './repo-root.js';

export interface CliOptions {
  cwd: string;
  /** Merged over the test process env; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed (as for a pre-push hook's ref lines). */
  input?: string;
  /** Kill the CLI after this long. Default 100 s: below the e2e test timeout, so a hang ends
   *  with the CLI's output in the failure rather than a bare vitest timeout. */
  timeoutMs?: number;
  /** The caller stops the CLI, not the end of the test running when it started: for calls
   *  queued in a beforeAll that start later, while some other test runs. */
  outlivesTest?: boolean;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they were written. */
  all: string;
  timedOut: boolean;
  /** Signal that ended the CLI, if one did. */
  signal: string | undefined;
  pid: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 100_000;

/**
 * Starts the CLI and returns the running execa subprocess, for tests that signal it, stream
 * its output or type into it: without `input`, stdin stays an open pipe (`.stdin.write()`).
 */
export function startCli(args: string[], opts: CliOptions) {
  return spawnCli(args, opts, 'pipe');
}

/** Runs the CLI to completion. Without `input`, stdin is /dev/null, so nothing can wait on it. */
export async function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const subprocess = spawnCli(args, opts, 'ignore');
  const result = await subprocess;
  return {
    // No exit code only when a signal ended it; report it like a shell would.
    exitCode: result.exitCode ?? 128 + signalNumber(result.signal),
    stdout: result.stdout,
    stderr: result.stderr,
    all: result.all,
    timedOut: result.timedOut,
    signal: result.signal,
    pid: subprocess.pid,
  };
}

function spawnCli(args: string[], opts: CliOptions, stdin: 'pipe' | 'ignore') {
  const subprocess = execa(process.execPath, [CLI_BIN, ...args], {
    cwd: opts.cwd,
    env: {
      ...GIT_ENV,
      NO_COLOR: '1',
      CI: 'true',
      // Vitest workers may carry FORCE_COLOR, which many libraries rank above NO_COLOR.
      FORCE_COLOR: undefined,
      ...opts.env,
    },
    ...(opts.input === undefined ? { stdin } : { input: opts.input }),
    all: true,
    reject: false,
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  claimCliPid(subprocess.pid);
  claimProjectDir(opts.cwd);
  if (opts.outlivesTest !== true) stopWhenTestEnds(subprocess);
  return subprocess;
}

/** A test that fails before its CLI exits must not leave it running (and holding containers). */
function stopWhenTestEnds(subprocess: ResultPromise): void {
  try {
    onTestFinished(async () => {
      if (subprocess.exitCode !== null || subprocess.signalCode !== null) return;
      // SIGTERM lets the CLI clean up; execa follows with SIGKILL after 5 s.
      subprocess.kill();
      await subprocess.catch(() => undefined);
    });
  } catch {
    // Started outside a test (beforeAll): the caller owns the subprocess.
  }
}

function signalNumber(signal: string | undefined): number {
  return signal === undefined ? 0 : (os.constants.signals[signal as NodeJS.Signals] ?? 0);
}
