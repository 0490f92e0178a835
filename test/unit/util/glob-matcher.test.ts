import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../../src/util/glob-matcher.js';

const select = (patterns: string[], files: string[]): string[] => files.filter(globMatcher(patterns));

describe('globMatcher (inputs, rules.changes, watch.ignore)', () => {
  const files = ['src/a.ts', 'src/gen/b.ts', 'src/gen/keep.ts', 'src/gen/deep/c.ts', 'README.md', '.env'];

  it('lets the last matching pattern decide, as .gitignore does', () => {
    expect(select(['src/**', '!src/gen/**', 'src/gen/keep.ts'], files)).toEqual(['src/a.ts', 'src/gen/keep.ts']);
    // The same patterns in another order mean something else.
    expect(select(['src/gen/keep.ts', 'src/**', '!src/gen/**'], files)).toEqual(['src/a.ts']);
    expect(select(['!src/gen/**', 'src/**'], files)).toEqual(['src/a.ts', 'src/gen/b.ts', 'src/gen/keep.ts', 'src/gen/deep/c.ts']);
  });

  it('selects nothing a plain pattern does not match', () => {
    expect(select([], files)).toEqual([]);
    expect(select(['!src/gen/**'], files)).toEqual([]);
    expect(select(['docs/**'], files)).toEqual([]);
  });

  it('lets a pattern naming a folder cover what is inside it', () => {
    expect(select(['src', '!src/gen', 'src/gen/deep'], files)).toEqual(['src/a.ts', 'src/gen/deep/c.ts']);
    expect(select(['src/**', '!gen'], files)).toEqual(['src/a.ts', 'src/gen/b.ts', 'src/gen/keep.ts', 'src/gen/deep/c.ts']);
  });

  it('matches dotfiles and keeps the root-relative meaning of a pattern without a slash', () => {
    expect(select(['.env', '*.md'], [...files, 'docs/x.md'])).toEqual(['README.md', '.env']);
  });
});
