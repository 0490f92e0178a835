/**
 * `ci ui` on its own shows the run of another process live (a `ci run` in another terminal, a
 * pushed commit, a re-run it started): it looks for a running run of the project and feeds the
 * events that run journals (run/event-journal.ts) to the page's live run, as they are written.
 * A run that ends without saying so (interrupted, killed) ends on the page with the state its
 * record gives. Then it looks for the next one. Runs of this process are its own to show.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LogReader } from '../history/log-reader.js';
import { FinalRunsCache } from '../history/final-runs-cache.js';
import { readRun, type StoredRun } from '../history/run-store.js';
import type { RunEvent } from '../run/events.js';
import { eventsFileOf } from '../run/event-journal.js';
import type { LiveRun } from './live-run.js';

const INTERVAL_MS = 250;

export class RunFollower {
  private readonly stop = new AbortController();
  private readonly followed = new Set<string>();
  private loop?: Promise<void>;
  /** Looking four times a second re-reads only the records of runs still going. */
  private readonly runs: FinalRunsCache;

  constructor(
    root: string,
    private readonly live: LiveRun,
    private readonly intervalMs = INTERVAL_MS,
  ) {
    this.runs = new FinalRunsCache(root);
  }

  start(): void {
    this.loop ??= this.follow();
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async follow(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const runs = await this.runs.list().catch(() => [] as StoredRun[]);
      const running = runs.find((run) => run.status === 'running' && run.record.pid !== process.pid && !this.followed.has(run.id));
      if (running) {
        this.followed.add(running.id);
        await this.followRun(running).catch(() => undefined);
      } else await this.pause();
    }
  }

  private async followRun(run: StoredRun): Promise<void> {
    let ended = false;
    const reader = new LogReader(
      () => eventsFileOf(run.dir),
      (_, line) => {
        const event = parseEvent(line);
        if (!event) return;
        ended ||= event.type === 'run-end';
        this.live.onEvent(event);
      },
    );
    let current = run;
    while (!ended && !this.stop.signal.aborted) {
      await reader.pass([run.id]);
      if (ended || current.status !== 'running') break;
      await this.pause();
      current = (await readRun(run.dir)) ?? { ...current, status: 'interrupted' };
    }
    // Read after the record: what the run journaled before it ended is all on disk by then.
    await reader.pass([run.id]);
    await reader.finish();
    this.live.endedFrom(current);
  }

  private pause(): Promise<void> {
    return sleep(this.intervalMs, undefined, { signal: this.stop.signal }).catch(() => undefined);
  }
}

function parseEvent(line: string): RunEvent | undefined {
  try {
    const event = JSON.parse(line) as RunEvent;
    return event !== null && typeof event === 'object' && typeof event.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}
