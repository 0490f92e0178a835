/** GitHub's paths / paths-ignore filters against a list of changed files. */
import { describe, expect, it } from 'vitest';
import type { ChangedFiles } from '../../../../../src/config/import/changed-files.js';
import { pullRequestFilter, pushFilter } from '../../../../../src/config/import/github/event-filters.js';
import { matchPath, pathsFilter } from '../../../../../src/config/import/github/paths-filter.js';

const changed = (...files: string[]) => (): ChangedFiles => ({ files, against: 'origin/main' });

describe('matchPath: GitHub glob semantics', () => {
  it('* stops at /, ** crosses folders, ** glued to a name matches it in any folder, dot files count', () => {
    expect(matchPath('*.md', 'README.md')).toBe(true);
    expect(matchPath('*.md', 'docs/guide.md')).toBe(false);
    expect(matchPath('docs/**', 'docs/a/b/c.md')).toBe(true);
    expect(matchPath('**/*.ts', 'index.ts')).toBe(true);
    expect(matchPath('**.js', 'src/deep/app.js')).toBe(true);
    expect(matchPath('**.js', 'app.js')).toBe(true);
    expect(matchPath('src/**.js', 'src/a/b.js')).toBe(true);
    expect(matchPath('**', '.github/workflows/ci.yml')).toBe(true);
  });
});

describe('pathsFilter', () => {
  const where = 'on.push';
  it('is absent without paths keys, and runs (saying why) when the changes are not known', () => {
    expect(pathsFilter({ branches: ['main'] }, changed('a'), where)).toBeUndefined();
    expect(pathsFilter({ paths: ['src/**'] }, () => ({ unknown: 'no upstream' }), where)).toEqual({ runs: true, approximated: 'approximated: paths filters are not checked (no upstream); the workflow runs' });
  });

  it('paths: one included file runs it, the last matching pattern deciding with ! negation', () => {
    const spec = { paths: ['src/**', '!src/**/*.md', 'src/keep/**'] };
    expect(pathsFilter(spec, changed('docs/a.md', 'src/x.ts'), where)).toEqual({ runs: true });
    expect(pathsFilter(spec, changed('src/notes/a.md', 'README.md'), where)).toEqual({ runs: false, why: 'no changed file matches on.push.paths (2 changed files compared with origin/main)' });
    expect(pathsFilter(spec, changed('src/keep/a.md'), where)?.runs).toBe(true);
    expect(pathsFilter(spec, changed(), where)?.runs).toBe(false);
  });

  it('paths-ignore: runs unless every changed file is ignored', () => {
    const spec = { 'paths-ignore': ['docs/**', '**.md'] };
    expect(pathsFilter(spec, changed('docs/a.txt', 'sub/README.md'), where)).toEqual({ runs: false, why: 'every changed file matches on.push.paths-ignore (2 changed files compared with origin/main)' });
    expect(pathsFilter(spec, changed('docs/a.txt', 'src/x.ts'), where)).toEqual({ runs: true });
  });
});

describe('branch and paths filters together', () => {
  it('needs both; the changes are not read when the branch is filtered out; tags skip paths', () => {
    const on = { push: { branches: ['main'], paths: ['src/**'] }, pull_request: { 'paths-ignore': ['docs/**'] } };
    let asked = 0;
    const counting = () => (asked++, { files: ['docs/x'], against: 'main' });
    expect(pushFilter(on, { branch: 'feature' }, counting).runs).toBe(false);
    expect(asked).toBe(0);
    expect(pushFilter(on, { branch: 'main' }, changed('src/a.ts'))).toEqual({ runs: true });
    expect(pushFilter(on, { branch: 'main' }, changed('docs/a.md')).why).toMatch(/no changed file matches on\.push\.paths/);
    expect(pushFilter({ push: { tags: ['v*'], paths: ['src/**'] } }, { tag: 'v1' }, changed('docs/a.md')).runs).toBe(true);
    expect(pullRequestFilter(on, 'main', changed('docs/a.md')).why).toMatch(/every changed file matches on\.pull_request\.paths-ignore/);
  });
});
