/**
 * Line-prefixed output for pipes, CI logs and `--plain`: every line is written
 * the moment it arrives, tagged with its job, so interleaved parallel jobs stay
 * readable and nothing is held in memory.
 */
import type { RunEvent } from '../run/events.js';
import type { Palette } from '../util/color.js';
import type { Reporter } from './reporter.js';
import { describeResult, statusSymbol } from './status-text.js';
import { formatSummary } from './summary.js';
import { liveLine } from './group-lines.js';
import { jobTextFor, type JobText } from './terminal-text.js';

export interface TextOutput {
  write(text: string): unknown;
  /** Outputs that batch writes hand over what they hold. */
  flush?(): void;
}

const PULL_PROGRESS_INTERVAL_MS = 1000;

export interface PlainReporterOptions {
  /**
   * The lines go to a person's terminal (`--plain` there, or watch's full logs): job output
   * loses every escape sequence but colour (terminal-text.ts). Off, a log keeps the raw bytes.
   */
  terminal?: boolean;
}

export class PlainReporter implements Reporter {
  private readonly prefixes = new Map<string, string>();
  private readonly lastPullLine = new Map<string, number>();
  private width = 0;

  private readonly jobText: JobText;

  constructor(
    private readonly out: TextOutput,
    private readonly colors: Palette,
    options: PlainReporterOptions = {},
  ) {
    this.jobText = jobTextFor(options.terminal === true, colors);
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start': {
        this.width = Math.max(0, ...event.jobs.map((job) => job.length));
        const commit = event.commit ? ` at ${event.commit.slice(0, 8)}${event.dirty ? ' + uncommitted changes' : ''}` : '';
        this.out.write(this.colors.dim(`localci run ${event.runId}: ${event.jobs.length} job(s)${commit}`) + '\n');
        break;
      }
      case 'image':
        this.onImage(event);
        break;
      case 'job-start':
        this.line(event.job, this.colors.bold(event.attempt > 1 ? `▶ attempt ${event.attempt}` : `▶ started in ${event.image}`));
        break;
      case 'step-start':
        this.line(event.job, this.colors.cyan(`$ ${this.jobText(event.name)}`));
        break;
      case 'log': {
        if (event.stream === 'system') {
          this.line(event.job, this.colors.yellow(event.line));
          break;
        }
        // A group's start is a header line; its end is not shown.
        const shown = liveLine(event.line);
        if (shown !== undefined) this.line(event.job, shown === event.line ? this.jobText(shown) : this.colors.bold(this.jobText(shown)));
        break;
      }
      case 'job-end':
        this.line(event.result.job, `${statusSymbol(event.result.status, this.colors)} ${describeResult(event.result, this.jobText)}`);
        break;
      case 'warning':
        this.out.write(`${this.colors.yellow('warning')} ${event.message}${event.hint ? ` ${event.hint}` : ''}\n`);
        break;
      case 'run-end':
        this.out.write(formatSummary(event.results, event.status, event.durationMs, this.colors, this.jobText, event.runDir ? `logs: ${event.runDir}` : undefined));
        break;
    }
  }

  async close(): Promise<void> {
    this.out.flush?.();
  }

  private onImage(event: Extract<RunEvent, { type: 'image' }>): void {
    if (event.state !== 'pulling') return;
    const last = this.lastPullLine.get(event.image) ?? 0;
    if (event.time - last < PULL_PROGRESS_INTERVAL_MS) return;
    this.lastPullLine.set(event.image, event.time);
    this.out.write(this.colors.dim(`pulling ${event.image}: ${event.detail ?? ''}`) + '\n');
  }

  private line(job: string, text: string): void {
    this.out.write(`${this.prefix(job)} ${text}\n`);
  }

  private prefix(job: string): string {
    let prefix = this.prefixes.get(job);
    if (prefix === undefined) {
      const paint = [this.colors.cyan, this.colors.magenta, this.colors.yellow, this.colors.green][this.prefixes.size % 4]!;
      prefix = paint(`[${job}]`.padEnd(this.width + 2));
      this.prefixes.set(job, prefix);
    }
    return prefix;
  }
}
