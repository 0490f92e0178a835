/**
 * `parallel: N` and `parallel: matrix`: one job per instance, named as GitLab
 * names them (`test 1/3`, `deploy: [aws, us-east]`), each with CI_NODE_INDEX /
 * CI_NODE_TOTAL and, for a matrix, its variables. Each matrix entry is the
 * product of its lists; the entries follow one another.
 */
import { ConfigError } from '../../../errors.js';
import { isMapping } from './deep-merge.js';

export interface Instance {
  name: string;
  variables: Record<string, string>;
  /** The matrix values alone (empty for `parallel: N`). */
  matrix: Record<string, string>;
}

/** GitLab's upper limit of parallel instances of one job. */
const MAX_INSTANCES = 200;

export function instancesOf(name: string, parallel: unknown, file: string): Instance[] {
  if (parallel === undefined || parallel === null) return [{ name, variables: {}, matrix: {} }];
  const fail = (message: string) => new ConfigError([{ file, path: `${name}.parallel`, message, hint: 'write a number from 1 to 200, or `matrix:` with a list of variable lists' }]);
  if (typeof parallel === 'number') {
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_INSTANCES) throw fail(`\`${parallel}\` is not a number of instances`);
    return Array.from({ length: parallel }, (_, index) => ({
      name: parallel === 1 ? name : `${name} ${index + 1}/${parallel}`,
      variables: { CI_NODE_INDEX: String(index + 1), CI_NODE_TOTAL: String(parallel) },
      matrix: {},
    }));
  }
  if (!isMapping(parallel) || !Array.isArray(parallel.matrix)) throw fail('must be a number or `matrix:`');
  const combos = matrixCombos(parallel.matrix, fail);
  if (combos.length === 0 || combos.length > MAX_INSTANCES) throw fail(`matrix makes ${combos.length} jobs; GitLab allows 1 to ${MAX_INSTANCES}`);
  return combos.map((combo, index) => ({
    name: `${name}: [${Object.values(combo).join(', ')}]`,
    variables: { ...combo, CI_NODE_INDEX: String(index + 1), CI_NODE_TOTAL: String(combos.length) },
    matrix: combo,
  }));
}

/** The value sets of a `matrix:` list: each entry is the product of its lists; the entries follow one another. */
export function matrixCombos(matrix: unknown[], fail: (message: string) => Error): Array<Record<string, string>> {
  return matrix.flatMap((entry, index) => {
    if (!isMapping(entry)) throw fail(`matrix[${index}] must map variable names to a value or a list of values`);
    return product(Object.entries(entry).map(([key, values]) => [key, (Array.isArray(values) ? values : [values]).map(String)] as const));
  });
}

function product(entries: ReadonlyArray<readonly [string, string[]]>): Array<Record<string, string>> {
  let combos: Array<Record<string, string>> = [{}];
  for (const [key, values] of entries) combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  return combos;
}
