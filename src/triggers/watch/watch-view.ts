/**
 * What a watch session tells its display. Two peers implement it: the plain
 * line-by-line view (pipes, CI=true, --plain, the e2e tests) and the redrawn
 * terminal screen. The session never writes to a stream itself.
 */
import type { RunEvent } from '../../run/events.js';

export interface ChangeNotice {
  time: number;
  /** Changed files, root-relative. */
  files: string[];
  /** Jobs that will re-run because of them; empty when no job reads them. */
  jobs: string[];
}

export interface RunStart {
  /** 1 for the first run of the session. */
  number: number;
  jobs: string[];
  /** Upstream jobs not re-run, whose artifacts come from an earlier run. */
  reused: string[];
}

export interface WatchView {
  /** The jobs the session covers (again after the config changed). */
  selected(jobs: readonly string[]): void;
  /** The initial scan is done: from now on every save counts. */
  watching(root: string): void;
  changed(notice: ChangeNotice): void;
  runStarting(run: RunStart): void;
  runEvent(event: RunEvent): void;
  /** The run in flight is being stopped because of newer changes. */
  cancelling(reason: string): void;
  /** That run has stopped and its containers are gone; the next one starts now. */
  cancelled(): void;
  /** Nothing is running or waiting to run. */
  idle(): void;
  notice(level: 'info' | 'warning' | 'error', message: string, hint?: string): void;
  close(): Promise<void>;
}

/** `src/a.ts`, `src/a.ts, src/b.ts`, `src/a.ts and 4 more`. */
export function describeFiles(files: readonly string[]): string {
  if (files.length <= 2) return files.join(', ');
  return `${files[0]} and ${files.length - 1} more`;
}
