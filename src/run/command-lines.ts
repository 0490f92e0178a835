/**
 * A job's output lines as the text gate reads them (run/masked-job.ts): each
 * whole line that is a workflow command (run/workflow-commands.ts) is acted
 * on — a value to mask from now on, an annotation, a step summary frame, a
 * stop — and everything shown goes on through the masking of masked-lines.ts
 * with every value known so far.
 */
import type { JobIO } from '../backend/backend.js';
import type { LogStream } from './events.js';
import { MaskedLines } from './masked-lines.js';
import type { SecretMasker } from './secrets.js';
import { JOB_SKIPPED } from '../model/job-skip-marker.js';
import { MAX_SUMMARY_CHARS, SUMMARY_END, SUMMARY_START } from '../model/summary-frame.js';
import { describeAnnotation, parseCommand } from './workflow-commands.js';

export class CommandLines {
  private readonly lines: MaskedLines;
  /** Streams inside a cut line: the next piece goes on with it and is no command. */
  private readonly midLine = new Set<LogStream>();
  private stopToken: string | undefined;
  private summary: string[] | undefined;
  private summaryChars = 0;
  private skipped = false;

  constructor(
    private maskerNow: SecretMasker,
    private readonly io: JobIO,
  ) {
    this.lines = new MaskedLines(maskerNow, (stream, line, continues) => io.log(stream, line, continues));
  }

  /** Every value masked so far: the run's secrets and the job's `::add-mask::` values. */
  get masker(): SecretMasker {
    return this.maskerNow;
  }

  log(stream: LogStream, line: string, continues = false): void {
    const whole = !this.midLine.has(stream) && !continues && stream !== 'system';
    if (continues) this.midLine.add(stream);
    else this.midLine.delete(stream);
    if (this.summary !== undefined && whole && stream === 'stdout') return this.summaryLine(line);
    if (this.stopToken !== undefined) {
      if (whole && line.trim() === `::${this.stopToken}::`) this.stopToken = undefined;
      else this.lines.log(stream, line, continues);
      return;
    }
    if (whole && stream === 'stdout' && line === SUMMARY_START) {
      this.summary = [];
      return;
    }
    if (whole && stream === 'stdout' && line.startsWith(JOB_SKIPPED)) return this.skipLine(line.slice(JOB_SKIPPED.length));
    const command = whole ? parseCommand(line) : undefined;
    switch (command?.kind) {
      case 'add-mask':
        this.maskerNow = this.maskerNow.with([command.value]);
        return this.lines.use(this.maskerNow);
      case 'stop':
        this.stopToken = command.token;
        return;
      case 'quiet':
        return;
      case 'annotation': {
        const mask = (text: string) => this.maskerNow.mask(text);
        const annotation = { ...command.annotation, message: mask(command.annotation.message) };
        if (annotation.title !== undefined) annotation.title = mask(annotation.title);
        if (annotation.file !== undefined) annotation.file = mask(annotation.file);
        this.io.annotate?.(annotation);
        return this.lines.log(stream, `${annotation.level}: ${describeAnnotation(annotation)}`);
      }
      default:
        return this.lines.log(stream, line, continues);
    }
  }

  flush(): void {
    if (this.summary !== undefined) this.summaryLine(SUMMARY_END);
    this.lines.flush();
  }

  /** Every step of a skipped job says so; the log says it once. */
  private skipLine(reason: string): void {
    if (this.skipped) return;
    this.skipped = true;
    const masked = this.maskerNow.mask(reason.trim());
    this.io.skip?.(masked);
    this.lines.log('system', `skipped: ${masked}`);
  }

  private summaryLine(line: string): void {
    if (line !== SUMMARY_END) {
      const text = line.startsWith('|') ? line.slice(1) : line;
      if (this.summaryChars + text.length < MAX_SUMMARY_CHARS) this.summary!.push(text);
      this.summaryChars += text.length + 1;
      return;
    }
    const text = this.summary!.join('\n').trim();
    this.summary = undefined;
    if (text !== '') this.io.summarize?.(this.maskerNow.mask(text));
  }
}
