/**
 * One signal handler for the whole process: the first Ctrl-C (or SIGTERM)
 * aborts the run so clean-up can remove containers; a second one forces exit.
 */
import { ExitCode } from '../errors.js';

export interface InterruptScope {
  signal: AbortSignal;
  dispose(): void;
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
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      process.off('SIGHUP', handler);
    },
  };
}
