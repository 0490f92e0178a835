/** One line of the benchmark table. */
export type Unit = 'ms' | 'MB';

export interface BenchRow {
  name: string;
  /** localci's number (a median of `runs` measured runs). */
  value: number;
  unit: Unit;
  runs: number;
  /** The same work done another way (plain `docker run`, gitlab-ci-local, …), measured alike. */
  versus?: { label: string; value: number };
  /** `value / versus.value`, or against the reference the goal names. */
  ratio?: number;
  goal?: string;
  ok?: boolean;
}

/** A row of localci's time beside another tool's time for the same work. */
export function compared(name: string, value: number, versus: { label: string; value: number }, runs: number): BenchRow {
  return { name, value, unit: 'ms', runs, versus, ratio: value / versus.value };
}
