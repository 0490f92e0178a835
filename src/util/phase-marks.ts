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

/** One line for `--debug`: `phases {"node":41.2,"config":122.9,…}`, machine-readable for the bench. */
export function formatPhases(): string {
  return `phases ${JSON.stringify(Object.fromEntries(marks.map((mark) => [mark.name, Math.round(mark.at * 10) / 10])))}`;
}
