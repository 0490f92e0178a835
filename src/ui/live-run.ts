/**
 * The live side of `ci ui`: a reporter like the others, fed the same RunEvents, that keeps the
 * current run's events (so a page opened mid-run sees it from the start) and hands each new one
 * to the open pages. Log lines beyond a cap are left out of the replay (still streamed live), so
 * a chatty run cannot grow the server's memory without bound.
 */
import type { StoredRun } from '../history/run-store.js';
import type { RunEvent } from '../run/events.js';
import type { Reporter } from '../report/reporter.js';

/** Events kept for pages that connect late. */
const MAX_KEPT = 20_000;

export type LiveListener = (event: RunEvent) => void;

export class LiveRun implements Reporter {
  private kept: RunEvent[] = [];
  private readonly listeners = new Set<LiveListener>();

  /** The current run's id until its `run-end` has been heard. */
  private open?: string;

  onEvent(event: RunEvent): void {
    if (event.type === 'run-start') {
      this.kept = [];
      this.open = event.runId;
    }
    if (event.type === 'run-end') this.open = undefined;
    if (this.kept.length < MAX_KEPT || event.type !== 'log') this.kept.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Replays the current run's events to `listener`, then follows; returns the unsubscribe. */
  follow(listener: LiveListener): () => void {
    for (const event of this.kept) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The run still open on the page, if any: one that ends without `run-end` (interrupted) is closed with endedFrom. */
  get openRun(): string | undefined {
    return this.open;
  }

  /** Closes the current run as its record says it ended (a run whose process was killed says no `run-end`). */
  endedFrom(run: StoredRun): void {
    if (this.open !== run.id || run.status === 'running') return;
    this.onEvent({ type: 'run-end', time: Date.now(), status: run.status, durationMs: run.durationMs ?? 0, results: run.record.jobs });
  }
}
