/**
 * Reporters are small peers that each consume every RunEvent: the terminal UI,
 * plain lines, NDJSON and log files. The run never knows which are attached.
 */
import type { RunEvent, RunEventListener } from '../run/events.js';

export interface Reporter {
  onEvent(event: RunEvent): void;
  /** Flushes and releases what the reporter holds (files, the live UI). */
  close?(): Promise<void>;
}

export interface ReporterGroup {
  emit: RunEventListener;
  close(): Promise<void>;
}

export function combineReporters(reporters: readonly Reporter[]): ReporterGroup {
  return {
    emit: (event) => {
      for (const reporter of reporters) reporter.onEvent(event);
    },
    close: async () => {
      await Promise.all(reporters.map((reporter) => reporter.close?.()));
    },
  };
}
