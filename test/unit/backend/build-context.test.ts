import { afterAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/backend/docker/build-context.js';
import { buildTag } from '../../../src/backend/docker/build-image.js';
import type { SourceTree } from '../../../src/source/source-tree.js';
import { writeFiles } from '../../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';

afterAll(cleanupTempDirs);

/** A tree as readSourceTree gives it: `files` is what git would commit (ignored files absent). */
function tree(files: Record<string, string>, listed = Object.keys(files)): SourceTree {
  const dir = makeTempDir('ctx');
  writeFiles(dir, files);
  return { kind: 'directory', dirty: false, entries: new Map(), dir, files: listed };
}

const spec = { kind: 'build' as const, dockerfile: 'Dockerfile', context: '.', args: {} };

describe('buildContext', () => {
  it('sends the tree minus .dockerignore entries, but always the Dockerfile and .dockerignore', async () => {
    const source = tree({ Dockerfile: 'FROM x\n', '.dockerignore': 'Dockerfile\ndocs/\n*.log\n!keep.log\n', 'a.txt': '', 'docs/x.md': '', 'b.log': '', 'keep.log': '' });
    const context = await buildContext(source, spec);
    expect(context.files).toEqual(['.dockerignore', 'Dockerfile', 'a.txt', 'keep.log']);
    expect(context.dockerfile).toBe('Dockerfile');
  });

  it('takes only the context folder, and a Dockerfile outside it under a name of its own', async () => {
    const source = tree({ 'docker/app.Dockerfile': 'FROM x\n', 'app/src/main.txt': '', 'other.txt': '' });
    const context = await buildContext(source, { ...spec, dockerfile: 'docker/app.Dockerfile', context: 'app' });
    expect(context.files).toEqual(['src/main.txt']);
    expect(context.dockerfile).toBe('.localci.Dockerfile');
  });

  it('never sends files the tree does not list (git-ignored), and they do not change the tag', async () => {
    const source = tree({ Dockerfile: 'FROM x\n', 'a.txt': 'a', 'secret.env': 'one' }, ['Dockerfile', 'a.txt']);
    expect((await buildContext(source, spec)).files).toEqual(['Dockerfile', 'a.txt']);
    const before = (await buildTag(source, spec, 'Proj-1')).tag;
    writeFiles(source.dir, { 'secret.env': 'two' });
    expect((await buildTag(source, spec, 'Proj-1')).tag).toBe(before);
    expect(before).toMatch(/^localci-build\/proj-1:[0-9a-f]{32}$/);
    writeFiles(source.dir, { 'a.txt': 'b' });
    expect((await buildTag(source, spec, 'Proj-1')).tag).not.toBe(before);
    expect((await buildTag(source, { ...spec, args: { V: '1' } }, 'Proj-1')).tag).not.toBe(before);
  });

  it('reports a missing Dockerfile in one sentence', async () => {
    await expect(buildContext(tree({ 'a.txt': '' }), spec)).rejects.toThrow('Dockerfile not found: Dockerfile');
  });
});
