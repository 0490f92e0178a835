/**
 * `strategy.matrix` as GitHub expands it: the product of the vectors (first key
 * slowest), minus every combination an `exclude` entry matches (on the keys it
 * names), then each `include` entry is added to every combination whose
 * original values it agrees with, or becomes a combination of its own when it
 * agrees with none. Added values may be overwritten by a later include; the
 * original ones never are.
 */
import { isDeepStrictEqual } from 'node:util';
import { MAX_MATRIX_JOBS } from '../../matrix.js';
import { isObject, toText, type Value } from './expression/values.js';

export type Combination = Record<string, Value>;

export class MatrixError extends Error {
  constructor(message: string, readonly key: string[] = []) {
    super(message);
    this.name = 'MatrixError';
  }
}

export function expandMatrix(matrix: Value): Combination[] {
  if (!isObject(matrix)) throw new MatrixError('expected a mapping of vectors, with optional include and exclude');
  const { include, exclude, ...vectors } = matrix;
  let combinations: Combination[] = Object.keys(vectors).length === 0 ? [] : [{}];
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values)) throw new MatrixError('expected a list of values', [key]);
    if (values.length === 0) throw new MatrixError('a matrix vector needs at least one value', [key]);
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value })));
    if (combinations.length > MAX_MATRIX_JOBS * 4) throw tooMany(combinations.length);
  }
  for (const [index, entry] of listOf(exclude, 'exclude').entries()) {
    combinations = combinations.filter((combination) => !Object.entries(entryOf(entry, 'exclude', index)).every(([key, value]) => isDeepStrictEqual(combination[key], value)));
  }
  // Includes extend the legs of the product only; a leg an include created is never extended.
  const original = new Set(Object.keys(vectors));
  const product = combinations.length;
  for (const [index, entry] of listOf(include, 'include').entries()) {
    const values = entryOf(entry, 'include', index);
    const fitting = combinations.slice(0, product).filter((combination) => Object.entries(values).every(([key, value]) => !original.has(key) || isDeepStrictEqual(combination[key], value)));
    for (const combination of fitting) Object.assign(combination, values);
    if (fitting.length === 0) combinations.push({ ...values });
  }
  if (combinations.length > MAX_MATRIX_JOBS) throw tooMany(combinations.length);
  return combinations;
}

/** `test (20, ubuntu-latest)`: the values in order, as GitHub names matrix jobs. */
export function legName(base: string, combination: Combination): string {
  const values = Object.values(combination).map((value) => (Array.isArray(value) || isObject(value) ? JSON.stringify(value) : toText(value)));
  return values.length === 0 ? base : `${base} (${values.join(', ')})`;
}

function listOf(value: Value | undefined, key: string): Value[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MatrixError('expected a list of mappings', [key]);
  return value;
}

function entryOf(entry: Value, key: string, index: number): Record<string, Value> {
  if (!isObject(entry)) throw new MatrixError('expected a mapping of matrix keys to values', [key, String(index)]);
  return entry;
}

function tooMany(count: number): MatrixError {
  return new MatrixError(`expands to ${count} jobs; localci runs at most ${MAX_MATRIX_JOBS} per matrix (as GitHub does)`);
}
