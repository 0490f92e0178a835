/**
 * The reporters `ci run` adds for results that outlive the terminal: the
 * `--junit` and `--report` files and the end-of-run alerts (bell, desktop,
 * `notify.webhook`). Each works from the stored run once it has ended.
 */
import path from 'node:path';
import type { Pipeline } from '../model/pipeline.js';
import { notifyReporter } from '../notify/notify-reporter.js';
import { htmlReporter } from '../report/html-report.js';
import { junitReporter } from '../report/junit-reporter.js';
import type { Reporter } from '../report/reporter.js';

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
    reporters.push(junitReporter(pipeline.root, file, failed('JUnit report', file)));
  }
  if (options.report !== undefined) {
    const file = path.resolve(cwd, options.report);
    reporters.push(htmlReporter(pipeline.root, file, failed('HTML report', file)));
  }
  reporters.push(notifyReporter({ root: pipeline.root, config: pipeline.notify, json: options.json ?? false, stdout: process.stdout, warn }));
  return reporters;
}
