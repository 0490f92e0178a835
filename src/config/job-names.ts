/**
 * The names a job can be referred to by: its base name (every expansion of a
 * matrix job) or one expanded name such as `unit (node=18)`. Shared by the
 * checks, which report unknown names, and normalize, which resolves them.
 */
import { MAX_MATRIX_JOBS, combinationCount, combinations, expandedName } from './matrix.js';
import type { JobConfig } from './types.js';

export interface JobNames {
  /** Base name → the unique names it expands to (itself when there is no matrix). */
  expansions: Map<string, string[]>;
  /** Any accepted name (base or expanded) → the base name of its job. */
  baseOf: Map<string, string>;
}

export function jobNames(jobs: Record<string, JobConfig>): JobNames {
  const expansions = new Map<string, string[]>();
  const baseOf = new Map<string, string>();
  for (const [base, job] of Object.entries(jobs)) {
    // An oversized matrix is reported by check.ts; expanding it here could exhaust memory.
    const expands = job.matrix !== undefined && combinationCount(job.matrix) <= MAX_MATRIX_JOBS;
    const names = expands ? combinations(job.matrix!).map((values) => expandedName(base, values)) : [base];
    expansions.set(base, names);
    for (const name of names) if (!baseOf.has(name)) baseOf.set(name, base);
  }
  // Base names win over a colliding expanded name; check.ts reports the collision.
  for (const base of expansions.keys()) baseOf.set(base, base);
  return { expansions, baseOf };
}

/** The unique job names a reference stands for: all expansions of a base name, or the one named. */
export function resolveReference(names: JobNames, reference: string): string[] {
  return names.expansions.get(reference) ?? (names.baseOf.has(reference) ? [reference] : []);
}
