import { describe, expect, it } from 'vitest';
import { expandMatrix, legName } from '../../../../../src/config/import/github/matrix.js';

describe('expandMatrix', () => {
  it('multiplies vectors, first key slowest', () => {
    expect(expandMatrix({ os: ['a', 'b'], node: [18, 20] })).toEqual([
      { os: 'a', node: 18 },
      { os: 'a', node: 20 },
      { os: 'b', node: 18 },
      { os: 'b', node: 20 },
    ]);
  });

  it('excludes on the keys an entry names', () => {
    expect(expandMatrix({ os: ['a', 'b'], node: [18, 20], exclude: [{ os: 'b', node: 18 }, { node: 20, os: 'a' }] })).toEqual([
      { os: 'a', node: 18 },
      { os: 'b', node: 20 },
    ]);
    expect(expandMatrix({ os: ['a', 'b'], node: [18], exclude: [{ os: 'b' }] })).toEqual([{ os: 'a', node: 18 }]);
  });

  it('includes as GitHub documents: extend matching legs, never overwrite originals, else add a leg', () => {
    const legs = expandMatrix({
      fruit: ['apple', 'pear'],
      animal: ['cat', 'dog'],
      include: [
        { color: 'green' },
        { color: 'pink', animal: 'cat' },
        { fruit: 'apple', shape: 'circle' },
        { fruit: 'banana' },
        { fruit: 'banana', animal: 'cat' },
      ],
    });
    expect(legs).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('a matrix of only includes is those entries; object values compare deeply', () => {
    expect(expandMatrix({ include: [{ a: 1 }, { a: 2, b: 'x' }] })).toEqual([{ a: 1 }, { a: 2, b: 'x' }]);
    expect(expandMatrix({ cfg: [{ v: 1 }, { v: 2 }], exclude: [{ cfg: { v: 1 } }] })).toEqual([{ cfg: { v: 2 } }]);
  });

  it('rejects empty vectors, bad shapes and oversized products', () => {
    expect(() => expandMatrix({ os: [] })).toThrow(/at least one value/);
    expect(() => expandMatrix({ os: 'linux' })).toThrow(/expected a list of values/);
    expect(() => expandMatrix({ a: [1], include: [1] })).toThrow(/expected a mapping/);
    expect(() => expandMatrix({ a: Array.from({ length: 20 }, (_, i) => i), b: Array.from({ length: 20 }, (_, i) => i) })).toThrow(/expands to 400 jobs/);
  });

  it('names legs by their values', () => {
    expect(legName('test', { node: 20, os: 'ubuntu' })).toBe('test (20, ubuntu)');
    expect(legName('test', { cfg: { v: 1 } })).toBe('test ({"v":1})');
    expect(legName('test', {})).toBe('test');
  });
});
