/**
 * YAML aliases share one value in the parsed data, but every later step
 * (extends, references, translate) walks them as copies: a small hostile file
 * of nested aliases ("billion laughs") or an alias to its own parent would
 * make that walk endless. The size the data has once every alias counts in
 * full is therefore capped here, right after parsing, at a bound no real
 * pipeline comes near, and the walk stops as soon as it passes it.
 */
import { ConfigError } from '../../../errors.js';

/** Values once aliases are counted in full; a 200-job file with extends and anchors has ~20 000. */
const MAX_VALUES = 2_000_000;

export function checkExpandedSize(document: unknown, file: string): void {
  let count = 0;
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    if (++count > MAX_VALUES) {
      throw new ConfigError([{ file, path: '', message: `expands to more than ${MAX_VALUES.toLocaleString('en')} values through YAML aliases (nested or circular aliases?)`, hint: 'write the repeated parts out, or use `extends`' }]);
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const inner of Array.isArray(value) ? value : Object.values(value)) pending.push(inner);
  }
}
