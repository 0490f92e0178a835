/**
 * `--json`: one JSON object per line (NDJSON) per event, for machines. Every
 * line carries `schema` so consumers can detect format changes.
 */
import type { RunEvent } from '../run/events.js';
import type { TextOutput } from './plain-reporter.js';
import type { Reporter } from './reporter.js';

export const JSON_SCHEMA_VERSION = 1;

export class JsonReporter implements Reporter {
  constructor(private readonly out: TextOutput) {}

  onEvent(event: RunEvent): void {
    this.out.write(JSON.stringify({ schema: JSON_SCHEMA_VERSION, ...event }) + '\n');
  }

  async close(): Promise<void> {
    this.out.flush?.();
  }
}
