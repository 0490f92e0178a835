import { describe, expect, it } from 'vitest';
import { unsafeLinkProblem } from '../../../src/backend/docker/artifact-links.js';
import { parseArtifactPattern, workspacePathOf } from '../../../src/backend/docker/artifact-pattern.js';

describe('parseArtifactPattern', () => {
  it.each([
    ['dist/', 'dist', false],
    ['./dist', 'dist', false],
    ['report.xml', 'report.xml', false],
    ['.', '', false],
    ['*.txt', '', true],
    ['**/*.js', '', true],
    ['./*.txt', '', true],
    ['dist/*.js', 'dist', true],
    ['a/b/**', 'a/b', true],
  ])('%s fetches "%s"', (pattern, base, glob) => {
    const parsed = parseArtifactPattern(pattern);
    expect(parsed.base).toBe(base);
    expect(parsed.wanted !== undefined).toBe(glob);
  });

  it('matches workspace paths the same at the root as in a sub-folder', () => {
    const root = parseArtifactPattern('*.txt').wanted!;
    expect([root('a.txt'), root('sub/a.txt'), root('.hidden.txt')]).toEqual([true, false, true]);
    const deep = parseArtifactPattern('**/*.js').wanted!;
    expect([deep('a.js'), deep('sub/deep/a.js'), deep('a.ts')]).toEqual([true, true, false]);
  });
});

describe('workspacePathOf', () => {
  it('renames the fetched folder to its workspace path', () => {
    expect(workspacePathOf('', 'workspace/')).toBe('');
    expect(workspacePathOf('', 'workspace/sub/a.js')).toBe('sub/a.js');
    expect(workspacePathOf('dist', 'dist/app.js')).toBe('dist/app.js');
    expect(workspacePathOf('a/b', 'b/c/d.txt')).toBe('a/b/c/d.txt');
    expect(workspacePathOf('report.xml', 'report.xml')).toBe('report.xml');
  });
});

describe('unsafeLinkProblem', () => {
  const link = (path: string, target: string) => ({ pattern: 'out/', path, target });

  it('accepts relative links that stay inside the workspace', () => {
    expect(unsafeLinkProblem([link('out/bin/tool', '../tool.sh'), link('out/readme', '../README'), link('out/self', '.')])).toBeUndefined();
  });

  it('names the artifact, the link and why', () => {
    expect(unsafeLinkProblem([link('out/a', '/etc/passwd')])).toBe(
      'artifact "out/": out/a -> /etc/passwd is an absolute link; links in artifacts must be relative and stay inside /workspace',
    );
    expect(unsafeLinkProblem([link('out/a', '../../x'), link('out/b', '/x')])).toMatch(/^artifact "out\/": out\/a -> \.\.\/\.\.\/x points outside \/workspace \(and 1 more unsafe link\)/);
  });

  it('refuses a chain of links that each look harmless but climb out together', () => {
    // out/deep/b points at the root; out/deep/a goes through it and up once more.
    const problem = unsafeLinkProblem([link('out/deep/a', 'b/../..'), link('out/deep/b', '../..')]);
    expect(problem).toContain('out/deep/a -> b/../.. goes through another link (out/deep/b)');
  });
});
