/**
 * A reporter for outputs made from the finished run as stored (`--junit`,
 * `--report`): it only notes which run started, and on close, when the run has
 * written its final record and closed its log files, hands that stored run to
 * `write`. So a file written during `ci run` is byte for byte what
 * `ci report` makes later from the same run.
 */
import path from 'node:path';
import type { Reporter } from '../report/reporter.js';
import type { RunEvent } from '../run/events.js';
import { readRun, runsDir, type StoredRun } from './run-store.js';

export class AfterRunReporter implements Reporter {
  private runId?: string;

  constructor(
    private readonly root: string,
    private readonly write: (run: StoredRun) => Promise<void>,
    /** A report that cannot be written is a warning: it must not turn a passing run into a failure. */
    private readonly onError: (error: unknown) => void,
  ) {}

  onEvent(event: RunEvent): void {
    if (event.type === 'run-start') this.runId = event.runId;
  }

  async close(): Promise<void> {
    if (this.runId === undefined) return;
    try {
      const run = await readRun(path.join(runsDir(this.root), this.runId));
      if (run) await this.write(run);
    } catch (error) {
      this.onError(error);
    }
  }
}
