/**
 * The reporters `ci run` adds for results that outlive the terminal: the
 * `--junit` and `--report` files and the end-of-run alerts (bell, desktop,
 * `notify.webhook`). Each works from the stored run once it has ended.
 */
import path from 'node:path';
import type { Pipeline } from '../model/pipeline.js';
import { notifyReporter } from '../notify/notify-reporter.js';
import { AfterRunReporter } from './after-run-reporter.js';
import type { Reporter } from '../report/reporter.js';
import type { StoredRun } from './run-store.js';

export interface RunOutputOptions {
  cwd?: string;
  json?: boolean;
  /** `--junit <file>` */
  junit?: string;
  /** `--report <file.html>` */
  report?: string;
}

export function runOutputReporters(options: RunOutputOptions, pipeline: Pipeline, warn: (message: string) => void): Reporter[] {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const failed = (what: string, file: string) => (error: unknown) =>
    warn(`could not write the ${what} to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  const reporters: Reporter[] = [];
  if (options.junit !== undefined) {
    const file = path.resolve(cwd, options.junit);
    // The writers load only when asked for: most runs write neither file.
    const write = async (run: StoredRun) => (await import('../report/junit-reporter.js')).writeJunitFile(run, file, path.basename(pipeline.root));
    reporters.push(new AfterRunReporter(pipeline.root, write, failed('JUnit report', file)));
  }
  if (options.report !== undefined) {
    const file = path.resolve(cwd, options.report);
    const write = async (run: StoredRun) => (await import('../report/html-report.js')).writeHtmlReport(run, file, path.basename(pipeline.root));
    reporters.push(new AfterRunReporter(pipeline.root, write, failed('HTML report', file)));
  }
  reporters.push(notifyReporter({ root: pipeline.root, config: pipeline.notify, json: options.json ?? false, stdout: process.stdout, warn }));
  return reporters;
}
