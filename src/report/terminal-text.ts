/**
 * Job output is text from programs localci does not control, and on a terminal an escape
 * sequence in it is a command: clear the screen, set the window title, switch to the alternate
 * screen, reset the terminal, ask it to answer on stdin. A line drawn on the user's terminal
 * keeps only its colours (SGR), closed at its end so they cannot bleed into the UI around it;
 * every other sequence and control character goes. Files, pipes and --json keep the raw text.
 * `jobTextFor` is the one gate every path that shows job text (live run, watch, `ci logs`, the
 * pre-push hook's refusal on git's stderr, failure reasons in summaries and `ci show`) goes
 * through: a failure reason holds job text too (an artifact's file name, a job's error).
 */
import type { Palette } from '../util/color.js';

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC strings (ESC P|X|^|_ … ESC \),
// and two-character escapes (ESC c resets the terminal). An unterminated one runs to the end.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~]?)/g;
// eslint-disable-next-line no-control-regex
const COLOUR = /^\u001b\[[0-9;:]*m$/;
// C0 and C1 controls but tab, and ESC (every ESC went through ESCAPE first; the ones left start
// colours): C1 includes one-byte CSI and OSC, which some terminals obey.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001a\u001c-\u001f\u007f-\u009f]/g;
const RESET = '\u001b[0m';

export interface TerminalTextOptions {
  /** Keep the line's colours (default true); false when this output is not coloured. */
  colour?: boolean;
}

export function terminalText(line: string, { colour = true }: TerminalTextOptions = {}): string {
  let coloured = false;
  const text = lastRewrite(line)
    .replace(ESCAPE, (sequence) => {
      if (!colour || !COLOUR.test(sequence)) return '';
      coloured = true;
      return sequence;
    })
    .replace(CONTROL, '')
    .replace(/\t/g, '  ');
  return coloured ? text + RESET : text;
}

/** How job text (a log line, a failure reason) is written to one output. */
export type JobText = (text: string) => string;

/** Job text as the job made it: for files, pipes and --json. */
export const asWritten: JobText = (text) => text;

/**
 * How job text is written to an output: filtered when a terminal shows it, as it is otherwise.
 * Colours stay only where the output is coloured.
 */
export function jobTextFor(toTerminal: boolean, colors: Palette): JobText {
  if (!toTerminal) return asWritten;
  const colour = colors.red('x') !== 'x';
  return (text) => terminalText(text, { colour });
}

/** A progress bar rewrites its line with `\r`; a terminal would show the last version only. */
function lastRewrite(line: string): string {
  if (!line.includes('\r')) return line;
  return line.split('\r').findLast((part) => part !== '') ?? '';
}
