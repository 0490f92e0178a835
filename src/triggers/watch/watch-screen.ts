/**
 * The watch view on a terminal: one frame, redrawn in place from the top of the
 * screen, that always fits it (lines cut to the width, the log tail cut to the
 * height), so nothing scrolls however long a session runs. `l` swaps the frame
 * for the full line-prefixed logs and back.
 */
import { PlainReporter } from '../../report/plain-reporter.js';
import { terminalText } from '../../report/terminal-text.js';
import { statusSymbol } from '../../report/status-text.js';
import type { JobResult, JobStatus, RunEvent } from '../../run/events.js';
import type { Palette } from '../../util/color.js';
import { displayWidth, fitColumns, padColumns } from '../../util/display-width.js';
import { formatDuration } from '../../util/duration.js';
import { TailBuffer } from '../../util/tail-buffer.js';
import { restoreOnExit } from '../../util/terminal-restore.js';
import { describeFiles, type ChangeNotice, type RunStart, type WatchView } from './watch-view.js';

const TAIL_LINES = 10;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_DELAY_MS = 40;
const TICK_MS = 100;
const KEYS = 'r re-run all · f re-run failed · l full logs · q quit';

type RowState = 'not-run' | 'waiting' | 'running' | JobStatus;

interface Row {
  state: RowState;
  /** The run that last set the state. */
  run?: number;
  startedAt?: number;
  durationMs?: number;
  /** The running step, or why the job failed or was skipped. */
  detail?: string;
  tail: TailBuffer;
}

interface RunLine {
  number: number;
  jobs: string[];
  phase: 'running' | 'cancelling' | 'cancelled' | 'done';
  verdict?: string;
}

export interface ScreenOutput {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

export class WatchScreen implements WatchView {
  private rows = new Map<string, Row>();
  private run?: RunLine;
  private change?: ChangeNotice;
  private message?: string;
  private watchingSince = false;
  private fullLogs = false;
  private closed = false;
  private frameTimer?: NodeJS.Timeout;
  private readonly ticker: NodeJS.Timeout;
  private tick = 0;
  /** Fed every event all the time, so it has the right columns the moment logs are switched on. */
  private logs: PlainReporter;
  private readonly onResize = () => this.draw();
  /** Shows the cursor again, at the latest when the process exits (a forced exit skips `close`). */
  private readonly showCursor = restoreOnExit(() => this.out.write('\u001b[?25h'));

  constructor(
    private readonly out: ScreenOutput,
    private readonly colors: Palette,
    private readonly title: string,
  ) {
    this.logs = this.logReporter();
    // Clear once and hide the cursor: from here on, every frame overwrites the last.
    this.out.write('\u001b[2J\u001b[H\u001b[?25l');
    this.out.on?.('resize', this.onResize);
    this.ticker = setInterval(() => {
      this.tick += 1;
      if ([...this.rows.values()].some((row) => row.state === 'running')) this.draw();
    }, TICK_MS);
  }

  selected(jobs: readonly string[]): void {
    const previous = this.rows;
    this.rows = new Map(jobs.map((job) => [job, previous.get(job) ?? { state: 'not-run', tail: new TailBuffer(TAIL_LINES) }]));
    this.invalidate();
  }

  watching(): void {
    this.watchingSince = true;
    this.invalidate();
  }

  changed(notice: ChangeNotice): void {
    this.change = notice;
    const files = describeFiles(notice.files);
    this.line(notice.jobs.length === 0 ? `changed ${files}: no job reads it` : `changed ${files} → ${notice.jobs.join(', ')}`);
    this.invalidate();
  }

  runStarting(run: RunStart): void {
    this.run = { number: run.number, jobs: run.jobs, phase: 'running' };
    this.message = undefined;
    this.logs = this.logReporter();
    for (const job of run.jobs) {
      const row = this.rows.get(job);
      if (row) Object.assign(row, { state: 'waiting', run: run.number, detail: undefined, durationMs: undefined, tail: new TailBuffer(TAIL_LINES) });
    }
    this.invalidate();
  }

  runEvent(event: RunEvent): void {
    this.logs.onEvent(event);
    switch (event.type) {
      case 'job-start':
        this.update(event.job, { state: 'running', startedAt: event.time, detail: 'starting' });
        break;
      case 'step-start':
        this.update(event.job, { detail: `$ ${event.name}` });
        break;
      case 'log':
        this.rows.get(event.job)?.tail.push(event.line);
        break;
      case 'job-end': {
        const { result } = event;
        this.update(result.job, { state: result.status, durationMs: result.durationMs, detail: resultDetail(result) });
        break;
      }
      case 'warning':
        this.notice('warning', event.message, event.hint);
        return;
      case 'run-end':
        if (this.run) Object.assign(this.run, { phase: 'done', verdict: `${event.status} in ${formatDuration(event.durationMs)}` });
        break;
      default:
        return;
    }
    this.invalidate();
  }

  cancelling(reason: string): void {
    if (this.run) this.run.phase = 'cancelling';
    this.line(`${reason}: cancelling the run in flight`);
    this.invalidate();
  }

  cancelled(): void {
    if (this.run) this.run.phase = 'cancelled';
    // Rows the cancelled run left running or waiting would otherwise spin until the next run starts.
    for (const row of this.rows.values()) {
      if (row.run === this.run?.number && (row.state === 'running' || row.state === 'waiting' || row.state === 'cancelled')) {
        Object.assign(row, { state: 'cancelled', detail: 'newer changes' });
      }
    }
    this.invalidate();
  }

  idle(): void {
    this.invalidate();
  }

  notice(level: 'info' | 'warning' | 'error', message: string, hint?: string): void {
    const paint = level === 'error' ? this.colors.red : level === 'warning' ? this.colors.yellow : (text: string) => text;
    this.message = paint(message) + (hint ? this.colors.dim(` (${hint})`) : '');
    this.line(`${level === 'info' ? '' : `${level} `}${message}`);
    this.invalidate();
  }

  /** `l`: full logs as they stream, or the compact frame. */
  toggleLogs(): void {
    this.fullLogs = !this.fullLogs;
    if (this.fullLogs) {
      this.out.write(`\u001b[2J\u001b[H\u001b[?25h${this.colors.dim('full logs as they come; press l for the compact view')}\n`);
    } else {
      this.out.write('\u001b[2J\u001b[H\u001b[?25l');
      this.draw();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    clearTimeout(this.frameTimer);
    this.draw();
    this.closed = true;
    this.out.off?.('resize', this.onResize);
    if (!this.fullLogs) this.out.write('\n');
    this.showCursor();
  }

  private update(job: string, changes: Partial<Row>): void {
    const row = this.rows.get(job);
    if (row) Object.assign(row, changes);
  }

  /** In full-log mode, session lines go between the log lines; the frame shows them otherwise. */
  private line(text: string): void {
    if (this.fullLogs && !this.closed) this.out.write(this.colors.dim(text) + '\n');
  }

  private logReporter(): PlainReporter {
    return new PlainReporter({ write: (text) => this.fullLogs && !this.closed && this.out.write(text) }, this.colors, { terminal: true });
  }

  private invalidate(): void {
    if (this.frameTimer || this.closed) return;
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      this.draw();
    }, FRAME_DELAY_MS);
  }

  private draw(): void {
    if (this.fullLogs || this.closed) return;
    const width = Math.max(20, this.out.columns ?? 80);
    const height = Math.max(8, this.out.rows ?? 24);
    const head = [this.colors.bold(`localci watch · ${this.title}`), '', ...this.jobLines(), ''];
    const foot = [...this.statusLines(), this.colors.dim(KEYS)];
    // The failing jobs' last lines take whatever room is left; the rest always shows.
    const tails = this.tailLines().slice(0, Math.max(0, height - 1 - head.length - foot.length));
    const frame = [...head, ...tails, ...foot].slice(0, height - 1);
    this.out.write(`\u001b[H${frame.map((line) => fitColumns(line, width) + '\u001b[K').join('\n')}\u001b[J`);
  }

  private jobLines(): string[] {
    const width = Math.max(0, ...[...this.rows.keys()].map((job) => displayWidth(job)));
    return [...this.rows].map(([job, row]) => {
      const time =
        row.state === 'running' && row.startedAt
          ? formatDuration(Date.now() - row.startedAt)
          : row.durationMs !== undefined && row.state !== 'cached' && row.state !== 'skipped'
            ? formatDuration(row.durationMs)
            : '';
      const detail = row.state === 'not-run' ? 'not run yet' : row.state === 'waiting' ? 'waiting' : (row.detail ?? '');
      // Which run the state is from: after `f`, the jobs that did not re-run keep an older number.
      const run = this.colors.dim((row.run === undefined ? '' : `#${row.run}`).padEnd(4));
      return `  ${this.symbol(row.state)} ${padColumns(job, width)}  ${time.padStart(6)}  ${run} ${this.colors.dim(detail)}`;
    });
  }

  private tailLines(): string[] {
    return [...this.rows]
      .filter(([, row]) => row.state === 'failed' || row.state === 'timed-out')
      .flatMap(([job, row]) => {
        const lines = row.tail.toArray();
        return [this.colors.red(`── ${job}: last ${lines.length} lines ──`), ...lines.map(clean), ''];
      });
  }

  private statusLines(): string[] {
    const lines: string[] = [];
    if (this.change) {
      const at = new Date(this.change.time).toLocaleTimeString([], { hour12: false });
      const what = this.change.jobs.length === 0 ? 'no job reads it' : `→ ${this.change.jobs.join(', ')}`;
      lines.push(`last change ${at}  ${describeFiles(this.change.files)}  ${this.colors.dim(what)}`);
    }
    if (this.run) {
      const state = { running: 'running…', cancelling: 'cancelling…', cancelled: 'cancelled for newer changes', done: this.run.verdict ?? '' }[this.run.phase];
      lines.push(`run #${this.run.number} (${this.run.jobs.join(', ')}): ${state}`);
    }
    if (this.message) lines.push(this.message);
    else if (this.watchingSince && this.run?.phase !== 'running' && this.run?.phase !== 'cancelling') lines.push(this.colors.dim('watching for changes'));
    return lines;
  }

  private symbol(state: RowState): string {
    switch (state) {
      case 'running':
        return this.colors.cyan(SPINNER[this.tick % SPINNER.length]!);
      case 'waiting':
        return this.colors.dim('·');
      case 'not-run':
        return this.colors.dim('○');
      default:
        return statusSymbol(state, this.colors);
    }
  }
}

/** What the row says after the time: nothing for a pass, the exit code and reason otherwise. */
function resultDetail(result: JobResult): string | undefined {
  if (result.status === 'passed') return undefined;
  if (result.status === 'cached') return 'cached';
  // The reason may hold job text (an artifact's file name): shown like the job's output.
  const reason = result.reason === undefined ? '' : terminalText(result.reason, { colour: false });
  return [result.exitCode ? `exit ${result.exitCode}` : '', reason].filter(Boolean).join(': ');
}

/** A job's own output, made safe for the frame: no escape sequences or control characters. */
function clean(line: string): string {
  return '  ' + terminalText(line, { colour: false });
}
