/**
 * Watch output without a terminal: each run through the plain reporter (one
 * `[job]`-prefixed line per log line), plus one line per change, per cancelled
 * run and per wait. Nothing is redrawn, so a log file or a test reads it in order.
 */
import { PlainReporter, type TextOutput } from '../../report/plain-reporter.js';
import type { RunEvent } from '../../run/events.js';
import type { Palette } from '../../util/color.js';
import { describeFiles, type ChangeNotice, type RunStart, type WatchView } from './watch-view.js';

export class PlainWatchView implements WatchView {
  private reporter: PlainReporter;

  constructor(
    private readonly out: TextOutput,
    private readonly colors: Palette,
  ) {
    this.reporter = new PlainReporter(out, colors);
  }

  selected(jobs: readonly string[]): void {
    this.say(this.colors.dim(`localci watch: ${jobs.length} job(s): ${jobs.join(', ')}`));
  }

  watching(root: string): void {
    this.say(this.colors.dim(`watching ${root}`));
  }

  changed(notice: ChangeNotice): void {
    const files = describeFiles(notice.files);
    if (notice.jobs.length === 0) this.say(this.colors.dim(`changed ${files}: no job reads it`));
    else this.say(`changed ${files} → ${notice.jobs.join(', ')}`);
  }

  runStarting(run: RunStart): void {
    // A fresh reporter per run: its column width follows the run's own jobs.
    this.reporter = new PlainReporter(this.out, this.colors);
    if (run.reused.length > 0) this.say(this.colors.dim(`reusing the artifacts of ${run.reused.join(', ')} from an earlier run`));
  }

  runEvent(event: RunEvent): void {
    this.reporter.onEvent(event);
  }

  cancelling(reason: string): void {
    this.say(this.colors.yellow(`${reason}: cancelling the run in flight`));
  }

  cancelled(): void {
    this.say(this.colors.dim('run cancelled; starting again with the newest files'));
  }

  idle(): void {
    this.say(this.colors.dim('watching for changes (Ctrl-C to stop)'));
  }

  notice(level: 'info' | 'warning' | 'error', message: string, hint?: string): void {
    const label = level === 'error' ? this.colors.red('error') : level === 'warning' ? this.colors.yellow('warning') : '';
    this.say(label ? `${label} ${message}` : message);
    if (hint) this.say(`${this.colors.dim('hint')}  ${hint}`);
  }

  async close(): Promise<void> {
    this.out.flush?.();
  }

  private say(line: string): void {
    this.out.write(line + '\n');
  }
}
