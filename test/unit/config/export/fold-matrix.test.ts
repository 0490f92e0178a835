/**
 * Folding matrix legs back into one CI job: texts that differ by the legs' values become
 * `${{ matrix.<key> }}` templates; anything else that differs keeps the legs apart.
 */
import { describe, expect, it } from 'vitest';
import { foldableGroups, foldLegs, matrixGroups, matrixOf } from '../../../../src/config/export/fold-matrix.js';
import type { Job } from '../../../../src/model/pipeline.js';

const placeholder = (key: string) => `\${{ matrix.${key} }}`;

function leg(values: Record<string, string>, extra: Partial<Job> = {}): Job {
  const name = `unit (${Object.entries(values).map(([key, value]) => `${key}=${value}`).join(', ')})`;
  return { name, baseName: 'unit', matrix: values, needs: [], artifacts: [], ...extra } as unknown as Job;
}

describe('folding matrix legs', () => {
  const legs = [leg({ node: '18', os: 'a' }), leg({ node: '18', os: 'b' }), leg({ node: '20', os: 'a' }), leg({ node: '20', os: 'b' })];

  it('turns the texts that follow the values into templates and keeps the rest literal', () => {
    const written = legs.map((each) => ({ container: `node:${each.matrix!.node}`, env: { OS: each.matrix!.os, TZ: 'UTC' }, steps: [{ run: 'npm test' }] }));
    expect(foldLegs(written, legs, placeholder)).toEqual({ container: 'node:${{ matrix.node }}', env: { OS: '${{ matrix.os }}', TZ: 'UTC' }, steps: [{ run: 'npm test' }] });
    expect(matrixOf(legs)).toEqual({ node: ['18', '20'], os: ['a', 'b'] });
  });

  it('gives up when the legs differ otherwise: a key one leg lacks, a text the values do not explain', () => {
    expect(foldLegs(legs.map((each, index) => (index === 0 ? { a: 1 } : { a: 1, b: 2 })), legs, placeholder)).toBeUndefined();
    expect(foldLegs(legs.map((_each, index) => `run ${index}`), legs, placeholder)).toBeUndefined();
  });

  it('keeps legs apart that another job needs one by one, or that keep artifacts', () => {
    const other = { name: 'e2e', baseName: 'e2e', needs: [legs[0]!.name], artifacts: [] } as unknown as Job;
    const groups = matrixGroups([...legs, other]);
    expect([...groups.keys()]).toEqual(['unit']);
    expect(foldableGroups([...legs, other], groups).size).toBe(0);
    expect(foldableGroups([...legs, { ...other, needs: legs.map((each) => each.name) }], groups)).toEqual(new Set(['unit']));
    const keeping = legs.map((each) => ({ ...each, artifacts: ['dist/'] }));
    expect(foldableGroups(keeping, matrixGroups(keeping)).size).toBe(0);
  });
});
