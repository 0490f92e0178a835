/**
 * One pipeline run as a person reads it (plain lines) and as a machine does (`--json`), so a
 * test checks the same fault in both outputs. Every `--json` stdout line must parse.
 */
import { expect } from 'vitest';
import { runCli, type CliOptions, type CliResult } from './cli.js';
import { parseNdjson } from './cli-output.js';

export interface JobEnd {
  job: string;
  status: string;
  exitCode?: number;
  reason?: string;
}

export interface BothModes {
  plain: CliResult;
  json: CliResult;
  events: Array<Record<string, unknown>>;
  /** The `job-end` result of `job` in the JSON stream. */
  jobEnd(job: string): JobEnd;
}

export interface BothModesOptions extends CliOptions {
  /** Run one after the other (default: both at once, which halves the wait). */
  sequential?: boolean;
}

export async function runInBothModes(args: string[], options: BothModesOptions): Promise<BothModes> {
  const runPlain = () => runCli([...args, '--plain'], options);
  const runJson = () => runCli([...args, '--json'], options);
  const [plain, json] = options.sequential ? [await runPlain(), await runJson()] : await Promise.all([runPlain(), runJson()]);
  const events = parseNdjson(json.stdout);
  return {
    plain,
    json,
    events,
    jobEnd(job) {
      const end = events.find((event) => event.type === 'job-end' && (event.result as JobEnd).job === job);
      expect(end, `a job-end event for ${job}`).toBeDefined();
      return end!.result as JobEnd;
    },
  };
}
