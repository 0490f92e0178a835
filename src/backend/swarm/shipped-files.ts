/**
 * A task on another node can only talk back through its log: the manager's API
 * streams a service's output, nothing else. So the job's artifacts and report
 * files come back that way. After the steps, a small sh wrapper packs each
 * wanted workspace path with `tar`, prints it as base64 between marker lines
 * (the run's random nonce, which job output cannot forge) and ends with an
 * `end` marker carrying the exit code; the log reader takes those lines out of
 * the job's output and writes each path's tar to a file, which then stands in
 * for Docker's archive API, so artifacts are checked and copied exactly as for
 * a local container.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import type { ArchiveSource } from '../docker/artifacts.js';
import { parseArtifactPattern } from '../docker/artifact-pattern.js';
import type { Job } from '../../model/pipeline.js';
import type { StepCommand } from '../docker/step-script.js';

/**
 * Runs the step driver, then ships each listed path (one per line of $2, after a flag: `s` only
 * when the steps passed, `f` only when they failed, `a` always) and says it ended.
 */
const WRAPPER = [
  'm=$1; b=$2; shift 2',
  '"$@"; rc=$?',
  'i=-1',
  'printf \'%s\\n\' "$b" | while IFS= read -r l; do',
  '  i=$((i + 1))',
  '  case $l in s*) [ "$rc" -eq 0 ] || continue ;; f*) [ "$rc" -ne 0 ] || continue ;; esac',
  `  p=${WORKSPACE_DIR}/\${l#?}`,
  '  [ -e "$p" ] || [ -L "$p" ] || continue',
  "  printf '\\n%s ship %d\\n' \"$m\" \"$i\"",
  '  tar -cf - -C "$(dirname "$p")" "$(basename "$p")" | base64',
  "  printf '\\n%s shipped %d\\n' \"$m\" \"$i\"",
  'done',
  "printf '\\n%s end %d\\n' \"$m\" \"$rc\"",
  'exit "$rc"',
].join('\n');

/** The workspace paths a job's end may have to send back: artifacts (per `artifactsWhen`) and report files (always). */
export function pathsToShip(job: Job): string[] {
  const when = { 'on-success': 's', 'on-failure': 'f', always: 'a' }[job.artifactsWhen ?? 'on-success'];
  const reports = [...(job.reports?.junit ?? []), ...(job.reports?.coverage === undefined ? [] : [job.reports.coverage])];
  const lines = [...job.artifacts.map((pattern) => `${when}${parseArtifactPattern(pattern).base}`), ...reports.map((pattern) => `a${parseArtifactPattern(pattern).base}`)];
  return [...new Set(lines)];
}

/** The task's command: the step driver inside the shipping wrapper. */
export function shippingCommand(steps: StepCommand, paths: readonly string[]): string[] {
  return ['sh', '-c', WRAPPER, 'localci-ship', steps.marker, paths.join('\n'), ...steps.entrypoint, ...steps.cmd];
}

/**
 * Takes the shipping lines out of the job's stdout: everything else goes on to `next`.
 * Files are written to `dir`, one per shipped path.
 */
export class ShipReceiver implements ArchiveSource {
  private current?: { index: number; out: WriteStream; rest: string };
  /** A blank line the wrapper may have printed before a marker: dropped when one follows. */
  private heldBlank = false;
  private readonly files = new Map<number, string>();
  private readonly writes: Array<Promise<unknown>> = [];
  /** The exit code the wrapper announced: all of the job's output has arrived. */
  endCode?: number;
  private readonly ended: Promise<void>;
  private announceEnd!: () => void;

  constructor(
    private readonly marker: string,
    private readonly paths: readonly string[],
    private readonly dir: string,
    private readonly next: (line: string, continues: boolean) => void,
  ) {
    this.ended = new Promise((resolve) => (this.announceEnd = resolve));
  }

  line(text: string, continues: boolean): void {
    const isMarker = text.startsWith(this.marker);
    if (this.heldBlank) {
      this.heldBlank = false;
      if (!isMarker) this.next('', false);
    }
    if (isMarker) {
      const [kind, number] = text.slice(this.marker.length).trim().split(' ');
      const value = Number(number);
      if (kind === 'ship' && Number.isInteger(value)) return this.open(value);
      if (kind === 'shipped') return this.close();
      if (kind === 'end' && Number.isInteger(value)) {
        this.endCode = value;
        this.announceEnd();
        return;
      }
    }
    if (!this.current) {
      if (text === '' && !continues) this.heldBlank = true;
      else this.next(text, continues);
      return;
    }
    // base64 in whole groups of four characters; a line may end mid-group.
    const text64 = this.current.rest + text.trim();
    const whole = text64.length - (text64.length % 4);
    this.current.rest = text64.slice(whole);
    if (whole > 0) this.current.out.write(Buffer.from(text64.slice(0, whole), 'base64'));
  }

  /** Resolves when the end marker arrived, or after `graceMs` once `finished` resolved (a killed job prints none). */
  async untilEnd(finished: Promise<unknown>, graceMs: number): Promise<void> {
    await Promise.race([this.ended, finished.then(() => Promise.race([this.ended, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]))]);
    this.close();
    if (this.heldBlank) this.next('', false);
    this.heldBlank = false;
    await Promise.all(this.writes);
  }

  async getArchive(options: { path: string }): Promise<NodeJS.ReadableStream> {
    const wanted = path.posix.relative(WORKSPACE_DIR, options.path);
    // The same path may be listed twice (as an artifact and as a report, or for success and failure): any shipped copy will do.
    const file = [...this.files].find(([index]) => this.paths[index]?.slice(1) === wanted)?.[1];
    if (file === undefined) throw Object.assign(new Error(`${options.path} was not sent back by the task`), { statusCode: 404 });
    return createReadStream(file);
  }

  private open(index: number): void {
    this.close();
    const file = path.join(this.dir, `shipped-${index}.tar`);
    const out = createWriteStream(file);
    this.writes.push(once(out, 'close'));
    this.current = { index, out, rest: '' };
    this.files.set(index, file);
  }

  private close(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    if (current.rest.length > 0) current.out.write(Buffer.from(current.rest, 'base64'));
    current.out.end();
  }
}
