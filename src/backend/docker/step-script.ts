/**
 * All of a job's steps run in one container process, so a job costs one
 * container start instead of one `exec` per step. A small POSIX sh driver runs
 * each step with `sh -e` and announces it with a marker line carrying a random
 * nonce, which step output cannot forge; the output parser strips the markers.
 * stderr is merged into stdout inside the container: Docker reads the two pipes
 * independently, so keeping them apart would reorder a job's lines.
 *
 * Each step argument starts with two flag characters: when it runs (`s` while
 * every earlier step passed, `f` only after one failed, `a` always) and whether
 * its failure is allowed (`1`) or fails the job (`0`). The driver exits with the
 * first failing step's code and announces that step with a `fail` marker, so
 * steps that run after a failure (clean-up) cannot hide which step failed.
 * Each step sees `LOCALCI_JOB_STATUS`: `success` until a step failed the job, then `failure`.
 *
 * A third flag character says whether the step starts a container of its own (`c`, see
 * model/step-container.ts) or not (`r`). Such a step's script gets the hand-off in
 * STEP_CONTAINER_VARIABLE: it makes a FIFO in the request folder, announces the request with a
 * `container` marker and waits on the FIFO for the exit code the backend writes there once the
 * step's container ended.
 */
import { randomBytes } from 'node:crypto';
import { STEP_CONTAINER_VARIABLE } from '../../model/step-container.js';
import type { OnLine } from '../../util/line-splitter.js';

/** Run by a container step's script with its request folder; `m` and `i` are the marker and the step's index. */
const HANDOFF = [
  'd=$1; case $d in /*) ;; *) d=$PWD/$d ;; esac',
  'rm -f "$d/rc"; mkfifo "$d/rc" || exit 1',
  'printf "\\n%s container %d %s\\n" "$m" "$i" "$d"',
  'c=; read -r c < "$d/rc"; rm -f "$d/rc"; exit "${c:-1}"',
].join('\n');

const DRIVER = [
  // One stream keeps the order of output exactly as written; two pipes do not.
  'exec 2>&1',
  `h=${quote(HANDOFF)}`,
  'm=$1; shift; i=-1; rc=0',
  'for s in "$@"; do',
  '  i=$((i + 1))',
  '  case $s in s*) [ "$rc" -eq 0 ] || continue ;; f*) [ "$rc" -ne 0 ] || continue ;; esac',
  "  printf '\\n%s step %d\\n' \"$m\" \"$i\"",
  // A step that runs after a failure (clean-up, GitHub's job.status) can tell: LOCALCI_JOB_STATUS.
  '  j=success; [ "$rc" -eq 0 ] || j=failure',
  '  case $s in',
  `    ??c*) LOCALCI_JOB_STATUS=$j ${STEP_CONTAINER_VARIABLE}="m='$m' i=$i; $h" sh -ec "\${s#???}"; c=$? ;;`,
  '    *) LOCALCI_JOB_STATUS=$j sh -ec "${s#???}"; c=$? ;;',
  '  esac',
  '  case $s in ?1*) continue ;; esac',
  "  if [ \"$c\" -ne 0 ] && [ \"$rc\" -eq 0 ]; then rc=$c; printf '\\n%s fail %d\\n' \"$m\" \"$i\"; fi",
  'done',
  'exit "$rc"',
].join('\n');

const WHEN_FLAG = { 'on-success': 's', 'on-failure': 'f', always: 'a' } as const;

interface DriverStep {
  run: string;
  when?: keyof typeof WHEN_FLAG;
  allowFailure?: boolean;
  /** Set for a step that starts a container of its own. */
  container?: unknown;
}

export interface StepCommand {
  entrypoint: string[];
  cmd: string[];
  marker: string;
}

export function stepCommand(steps: readonly DriverStep[]): StepCommand {
  const marker = `::localci-${randomBytes(8).toString('hex')}::`;
  const cmd = steps.map((step) => `${WHEN_FLAG[step.when ?? 'on-success']}${step.allowFailure ? '1' : '0'}${step.container === undefined ? 'r' : 'c'}${step.run}`);
  return { entrypoint: ['sh', '-c', DRIVER, 'localci-job', marker], cmd, marker };
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
    private readonly onLine: OnLine,
    private readonly onStep: (index: number) => void,
    /** The step whose failure fails the job (steps may run after it). */
    private readonly onFail: (index: number) => void = () => undefined,
    /** A container step asks for its container, with its request folder. */
    private readonly onContainer: (index: number, folder: string) => void = () => undefined,
  ) {}

  line(text: string, continues = false): void {
    if (text.startsWith(this.marker)) {
      this.heldBlank = false;
      const [kind, number, ...rest] = text.slice(this.marker.length).trim().split(' ');
      const index = Number(number);
      if (!Number.isInteger(index)) return;
      if (kind === 'container') this.onContainer(index, rest.join(' '));
      else (kind === 'fail' ? this.onFail : this.onStep)(index);
      return;
    }
    this.flush();
    if (text === '') this.heldBlank = true;
    else this.onLine(text, continues);
  }

  flush(): void {
    if (this.heldBlank) {
      this.heldBlank = false;
      this.onLine('', false);
    }
  }
}

/** Where a job's step output goes: lines to `log`, each step's start to `stepStarted`. */
export interface StepSink {
  log(stream: 'stdout', line: string, continues?: boolean): void;
  stepStarted(index: number): void;
}

/**
 * A MarkerFilter over a job's stdout that also remembers the step to blame when the job fails:
 * the one the driver marked as failed, else (the driver itself was killed, out of memory) the
 * step that was running.
 */
export function trackSteps(marker: string, sink: StepSink, onContainer?: (index: number, folder: string) => void): { filter: MarkerFilter; failedStep(): number | undefined } {
  let lastStep = -1;
  let failed: number | undefined;
  const filter = new MarkerFilter(
    marker,
    (line, continues) => sink.log('stdout', line, continues),
    (index) => {
      lastStep = index;
      sink.stepStarted(index);
    },
    (index) => (failed = index),
    onContainer,
  );
  return { filter, failedStep: () => failed ?? (lastStep >= 0 ? lastStep : undefined) };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
