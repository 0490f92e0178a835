/**
 * The live task tree on a terminal (listr2): one row per job with its state,
 * running time and latest log line. Full logs go to the log files; when the run
 * ends, the failing jobs' last lines and the summary are printed below the tree.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { JobResult, RunEvent } from '../run/events.js';
import type { Palette } from '../util/color.js';
import { formatDuration } from '../util/duration.js';
import { TailBuffer } from '../util/tail-buffer.js';
import type { TextOutput } from './plain-reporter.js';
import type { Reporter } from './reporter.js';
import { describeResult } from './status-text.js';
import { formatSummary } from './summary.js';
import { liveLine } from './group-lines.js';
import { jobTextFor, terminalText, type JobText } from './terminal-text.js';

const TAIL_LINES = 20;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Task = ListrTaskWrapper<any, any, any>;

interface JobRow {
  task?: Task;
  /** Output set before listr handed us the task wrapper. */
  pendingOutput?: string;
  done: Promise<JobResult>;
  resolve(result: JobResult): void;
  tail: TailBuffer;
}

export class TtyReporter implements Reporter {
  private readonly rows = new Map<string, JobRow>();
  private rendering?: Promise<unknown>;
  private summary?: string;
  private readonly warnings: string[] = [];
  /** Job text (output, failure reasons) is shown on the terminal: never raw. */
  private readonly jobText: JobText;

  constructor(
    private readonly out: TextOutput,
    private readonly colors: Palette,
  ) {
    this.jobText = jobTextFor(true, colors);
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.start(event.jobs);
        break;
      case 'job-start':
        this.setTitle(event.job, `${event.job} ${this.colors.dim(event.attempt > 1 ? `attempt ${event.attempt}` : event.image)}`);
        this.setOutput(event.job, 'starting');
        break;
      case 'step-start':
        this.setOutput(event.job, `$ ${terminalText(event.name, { colour: false })}`);
        break;
      case 'log': {
        // Shown on the terminal (in the row, and in the failing jobs' last lines): never raw.
        const shown = event.stream === 'system' ? event.line : liveLine(event.line);
        if (shown === undefined) break;
        const line = this.jobText(shown);
        this.rows.get(event.job)?.tail.push(line);
        if (line.trim() !== '') this.setOutput(event.job, line);
        break;
      }
      case 'job-end':
        this.rows.get(event.result.job)?.resolve(event.result);
        break;
      case 'warning':
        // Shown with the summary: a line written while the task tree renders would tear it.
        this.warnings.push(`${this.colors.yellow('warning')} ${event.message}${event.hint ? ` ${event.hint}` : ''}\n`);
        break;
      case 'run-end':
        this.summary = this.warnings.join('') + this.failureTails(event.results) + formatSummary(event.results, event.status, event.durationMs, this.colors, this.jobText, event.runDir ? `logs: ${event.runDir}` : undefined);
        break;
      default:
        break;
    }
  }

  async close(): Promise<void> {
    // A run that ends early (interrupt, engine lost) leaves rows open: settle them so listr stops.
    for (const [job, row] of this.rows) row.resolve({ job, status: 'cancelled', reason: 'interrupted', durationMs: 0, attempts: 0 });
    await this.rendering;
    if (this.summary) this.out.write(this.summary);
  }

  private start(jobs: readonly string[]): void {
    for (const job of jobs) {
      let resolve!: (result: JobResult) => void;
      const done = new Promise<JobResult>((settle) => (resolve = settle));
      this.rows.set(job, { done, resolve, tail: new TailBuffer(TAIL_LINES), pendingOutput: 'waiting' });
    }
    const listr = new Listr(
      // Two output lines per running job: its latest log line and the step it is in.
      jobs.map((job) => ({ title: job, task: (_: unknown, task: Task) => this.follow(job, task), rendererOptions: { outputBar: 2 } })),
      {
        concurrent: true,
        exitOnError: false,
        registerSignalListeners: false,
        // Truncated, not wrapped: one long output line wrapped to more rows than the terminal has
        // scrolls the tree (and whatever the user had above it) out of the redraw's reach.
        rendererOptions: { collapseSubtasks: false, showErrorMessage: true, collapseErrors: false, removeEmptyLines: true, formatOutput: 'truncate' },
      },
    );
    this.rendering = listr.run().catch(() => undefined);
  }

  private async follow(job: string, task: Task): Promise<void> {
    const row = this.rows.get(job)!;
    row.task = task;
    if (row.pendingOutput) task.output = row.pendingOutput;
    const result = await row.done;
    const title = `${job} ${this.colors.dim(formatDuration(result.durationMs))}`;
    if (result.status === 'skipped') return task.skip(`${job}: ${describeResult(result, this.jobText)}`);
    if (result.status === 'cached') {
      task.title = `${job} ${this.colors.dim('cached')}`;
      return;
    }
    if (result.status === 'passed') {
      task.title = title;
      return;
    }
    task.title = title;
    throw new Error(`${job}: ${describeResult(result, this.jobText)}`);
  }

  private setTitle(job: string, title: string): void {
    const task = this.rows.get(job)?.task;
    if (task) task.title = title;
  }

  private setOutput(job: string, text: string): void {
    const row = this.rows.get(job);
    if (!row) return;
    if (row.task) row.task.output = text;
    else row.pendingOutput = text;
  }

  private failureTails(results: readonly JobResult[]): string {
    const failed = results.filter((result) => result.status === 'failed' || result.status === 'timed-out');
    return failed
      .map((result) => {
        const lines = this.rows.get(result.job)?.tail.toArray() ?? [];
        const header = this.colors.red(this.colors.bold(`── ${result.job}: last ${lines.length} lines ──`));
        return ['', header, ...lines].join('\n') + '\n';
      })
      .join('');
  }
}
