/**
 * All of a job's steps run in one container process, so a job costs one
 * container start instead of one `exec` per step. A small POSIX sh driver runs
 * each step with `sh -e` and announces it with a marker line carrying a random
 * nonce, which step output cannot forge; the output parser strips the markers.
 * stderr is merged into stdout inside the container: Docker reads the two pipes
 * independently, so keeping them apart would reorder a job's lines.
 */
import { randomBytes } from 'node:crypto';

const DRIVER = [
  // One stream keeps the order of output exactly as written; two pipes do not.
  'exec 2>&1',
  'm=$1; shift; i=0',
  'for s in "$@"; do',
  "  printf '\\n%s step %d\\n' \"$m\" \"$i\"",
  '  sh -ec "$s"; c=$?',
  '  [ "$c" -eq 0 ] || exit "$c"',
  '  i=$((i + 1))',
  'done',
].join('\n');

export interface StepCommand {
  entrypoint: string[];
  cmd: string[];
  marker: string;
}

export function stepCommand(steps: readonly { run: string }[]): StepCommand {
  const marker = `::localci-${randomBytes(8).toString('hex')}::`;
  return { entrypoint: ['sh', '-c', DRIVER, 'localci-job', marker], cmd: steps.map((step) => step.run), marker };
}

/**
 * Filters marker lines out of stdout. The driver prints a newline before each
 * marker so a step's unterminated last line is closed; the resulting empty line
 * is held back and dropped when a marker follows it.
 */
export class MarkerFilter {
  private heldBlank = false;

  constructor(
    private readonly marker: string,
    private readonly onLine: (line: string) => void,
    private readonly onStep: (index: number) => void,
  ) {}

  line(text: string): void {
    if (text.startsWith(this.marker)) {
      this.heldBlank = false;
      const index = Number(text.slice(this.marker.length).trim().split(' ')[1]);
      if (Number.isInteger(index)) this.onStep(index);
      return;
    }
    this.flush();
    if (text === '') this.heldBlank = true;
    else this.onLine(text);
  }

  flush(): void {
    if (this.heldBlank) {
      this.heldBlank = false;
      this.onLine('');
    }
  }
}
