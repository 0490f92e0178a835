/**
 * One signal handler for the whole process: the first Ctrl-C (or SIGTERM)
 * aborts the run so clean-up can remove containers; a second one forces exit.
 * Outside such a scope (start-up, config loading, a command that starts nothing)
 * an interrupt ends the CLI at once, with the same exit code 130.
 */
import { ExitCode } from '../errors.js';

export interface InterruptScope {
  signal: AbortSignal;
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const exitNow = () => process.exit(ExitCode.interrupted);
/** Whether the entry point asked for exitNow, and how many scopes are open now. */
let exitWhenUnhandled = false;
let openScopes = 0;

/**
 * Called first thing by the CLI's entry point: without it, a signal that lands while modules
 * load would end the process by the signal itself (a shell shows 143 for SIGTERM, not 130).
 */
export function exitOnInterrupt(): void {
  exitWhenUnhandled = true;
  if (openScopes === 0) setExitNow(true);
}

function setExitNow(on: boolean): void {
  for (const name of SIGNALS) {
    process.off(name, exitNow);
    if (on) process.on(name, exitNow);
  }
}

export function handleInterrupts(onFirst?: () => void): InterruptScope {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\nForced exit: some containers may be left; the next run removes them.\n');
      process.exit(ExitCode.interrupted);
    }
    controller.abort('interrupted');
    onFirst?.();
  };
  // Not while this scope lasts: the first interrupt must leave time to clean up.
  openScopes += 1;
  setExitNow(false);
  for (const name of SIGNALS) process.on(name, handler);
  let disposed = false;
  return {
    signal: controller.signal,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const name of SIGNALS) process.off(name, handler);
      openScopes -= 1;
      if (openScopes === 0 && exitWhenUnhandled) setExitNow(true);
    },
  };
}
