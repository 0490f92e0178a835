/**
 * One signal handler for the whole process: the first Ctrl-C (or SIGTERM)
 * aborts the run so clean-up can remove containers; a second Ctrl-C or SIGTERM forces exit
 * (a SIGHUP never does: a closed terminal lets the clean-up finish).
 * Outside such a scope (start-up, config loading, a command that starts nothing)
 * an interrupt ends the CLI at once, with the same exit code 130.
 */
import { ExitCode } from '../errors.js';

export interface InterruptScope {
  signal: AbortSignal;
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The open scopes' handlers; every one hears every interrupt. */
const scopes = new Set<(signal: NodeJS.Signals) => void>();
let exitWhenUnhandled = false;

/**
 * One listener that stays for good once the entry point asks for it. Listeners are not
 * swapped per scope: when Node loses the last listener of a signal it stops watching it, and
 * a signal that had arrived but not yet been dispatched is dropped (a Ctrl-C would be lost).
 */
const dispatch = (signal: NodeJS.Signals) => {
  if (scopes.size === 0) process.exit(ExitCode.interrupted);
  for (const handler of [...scopes]) handler(signal);
};
/** One listener per signal, each knowing which signal it hears. */
const listeners = new Map(SIGNALS.map((name) => [name, () => dispatch(name)]));

function listen(on: boolean): void {
  for (const [name, listener] of listeners) {
    const listening = process.listeners(name).includes(listener);
    if (on && !listening) process.on(name, listener);
    if (!on && listening) process.off(name, listener);
  }
}

/**
 * Called first thing by the CLI's entry point: without it, a signal that lands while modules
 * load would end the process by the signal itself (a shell shows 143 for SIGTERM, not 130).
 */
export function exitOnInterrupt(): void {
  exitWhenUnhandled = true;
  listen(true);
}

export function handleInterrupts(onFirst?: () => void): InterruptScope {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A closed terminal (SIGHUP) after a Ctrl-C is not the user asking to go at once: the
      // clean-up under way finishes, so no container is left (a pre-push hook's window closed).
      if (signal === 'SIGHUP') return;
      process.stderr.write('\nForced exit: some containers may be left; the next run removes them.\n');
      process.exit(ExitCode.interrupted);
    }
    controller.abort('interrupted');
    onFirst?.();
  };
  scopes.add(handler);
  listen(true);
  return {
    signal: controller.signal,
    dispose: () => {
      scopes.delete(handler);
      // Without the entry point's request (a library caller), leave the process as found.
      if (scopes.size === 0 && !exitWhenUnhandled) listen(false);
    },
  };
}
