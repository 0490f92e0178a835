/**
 * Matrix expansion: `matrix: { node: ['18', '20'], os: ['a', 'b'] }` gives
 * one job per combination, named `unit (node=18, os=a)`, in the order the
 * keys and values are written (the first key varies slowest, as in GitHub
 * Actions). `${{ matrix.node }}` is replaced in the job's image, env values,
 * steps, services and cache keys; nowhere else, so globs and names stay literal.
 */

export type MatrixSpec = Record<string, ReadonlyArray<string | number>>;
export type MatrixValues = Record<string, string>;

/** `${{ matrix.node }}`, whitespace inside the braces optional. */
const PLACEHOLDER = /\$\{\{\s*([^}]*?)\s*\}\}/g;
const MATRIX_REFERENCE = /^matrix\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** More combinations than this is almost certainly a mistake, and would swamp the machine. */
export const MAX_MATRIX_JOBS = 256;

/** Every combination of the matrix, first key slowest. */
export function combinations(matrix: MatrixSpec): MatrixValues[] {
  let result: MatrixValues[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    result = result.flatMap((partial) => values.map((value) => ({ ...partial, [key]: String(value) })));
  }
  return result;
}

export function combinationCount(matrix: MatrixSpec): number {
  return Object.values(matrix).reduce((count, values) => count * values.length, 1);
}

/** `unit (node=18, os=linux)`; the base name alone for a job without a matrix. */
export function expandedName(baseName: string, values: MatrixValues | undefined): string {
  if (values === undefined || Object.keys(values).length === 0) return baseName;
  return `${baseName} (${Object.entries(values).map(([key, value]) => `${key}=${value}`).join(', ')})`;
}

/** Replaces `${{ matrix.key }}` with the value; unknown expressions are left for check.ts to report. */
export function substitute(text: string, values: MatrixValues): string {
  return text.replace(PLACEHOLDER, (whole, expression: string) => {
    const key = MATRIX_REFERENCE.exec(expression)?.[1];
    return key !== undefined && key in values ? values[key]! : whole;
  });
}

export interface PlaceholderUse {
  expression: string;
  /** The matrix key, when the expression is `matrix.<key>`. */
  key?: string;
}

export function placeholdersIn(text: string): PlaceholderUse[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => {
    const expression = match[1]!;
    const key = MATRIX_REFERENCE.exec(expression)?.[1];
    return key === undefined ? { expression } : { expression, key };
  });
}

/** The text with each placeholder replaced by a neutral word, for grammar checks before expansion. */
export function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER, 'x');
}
