/**
 * Named moments of this process, in ms since it started (performance.now()), so
 * `--debug` and `npm run bench startup` can say where the time of a run went:
 * Node's own start, loading the config, reading the source, the engine, the cache,
 * the records. Marks cost a push each; nothing is printed unless asked for.
 */
export interface PhaseMark {
  name: string;
  /** ms since the process started. */
  at: number;
}

const marks: PhaseMark[] = [];

export function markPhase(name: string): void {
  marks.push({ name, at: performance.now() });
}

export function phaseMarks(): readonly PhaseMark[] {
  return marks;
}

/**
 * One line for `--debug`: `phases {"node started":41.2,…,"cpu":310.5}`, machine-readable for the
 * bench. `cpu` is the process's CPU time so far (user + system), which a busy machine stretches less than wall time.
 */
export function formatPhases(): string {
  const { user, system } = process.cpuUsage();
  const times = Object.fromEntries(marks.map((mark) => [mark.name, round(mark.at)]));
  return `phases ${JSON.stringify({ ...times, cpu: round((user + system) / 1000) })}`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
