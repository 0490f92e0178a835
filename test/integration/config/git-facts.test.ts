/**
 * Git facts of an import read from the repository's files: each case is a real repository state,
 * and the answer must equal what git itself says (askGit) for it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { askGit, readGitFacts } from '../../../src/config/import/git-facts.js';
import { addBareRemote, createGitRepo, git } from '../../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';

afterEach(cleanupTempDirs);

const env = {};

async function sameAsGit(dir: string) {
  const fromFiles = await readGitFacts(dir, env);
  expect(fromFiles).toEqual(await askGit(dir));
  return fromFiles;
}

// Each case runs a dozen git commands; on a busy machine that passes the default 5 s.
describe('readGitFacts', { timeout: 60_000 }, () => {
  it('reads branch, commit, default branch and origin from a fresh repository', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a' }, { commit: true });
    await addBareRemote(dir);
    const facts = await sameAsGit(dir);
    expect(facts).toMatchObject({ branch: 'main', defaultBranch: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(facts.remoteUrl).toBeTruthy();
  });

  it('reads packed refs, annotated and lightweight tags, loose and packed', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a' }, { commit: true });
    await git(dir, 'tag', '-a', '-m', 'release', 'v1');
    // On a branch, a tagged tip is still a push of the branch (right after a release).
    expect((await sameAsGit(dir)).tag).toBeUndefined();
    await git(dir, 'checkout', '-q', 'v1');
    expect((await sameAsGit(dir)).tag).toBe('v1');
    await git(dir, 'pack-refs', '--all');
    expect((await sameAsGit(dir)).tag).toBe('v1');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'next');
    expect((await sameAsGit(dir)).tag).toBeUndefined();
    await git(dir, 'tag', 'light');
    expect((await sameAsGit(dir)).tag).toBe('light');
    await git(dir, 'gc', '-q');
    await git(dir, 'checkout', '-q', 'v1');
    const detached = await sameAsGit(dir);
    expect(detached.branch).toBeUndefined();
    expect(detached.tag).toBe('v1');
  });

  it('asks git for an annotated tag whose object is packed but whose ref is loose', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a' }, { commit: true });
    await git(dir, 'tag', '-a', '-m', 'release', 'v2');
    await git(dir, 'repack', '-a', '-d', '-q');
    await git(dir, 'prune');
    await git(dir, 'checkout', '-q', 'v2');
    expect((await sameAsGit(dir)).tag).toBe('v2');
  });

  it('follows origin/HEAD of a clone, a linked worktree and a project in a subfolder', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a' }, { commit: true });
    await git(dir, 'branch', 'trunk');
    const remote = await addBareRemote(dir);
    await git(dir, 'push', '-q', 'origin', 'main', 'trunk');
    await git(remote, 'symbolic-ref', 'HEAD', 'refs/heads/trunk');
    const clone = path.join(makeTempDir('clone'), 'c');
    await git(dir, 'clone', '-q', remote, clone);
    await git(clone, 'checkout', '-q', 'main');
    expect(await sameAsGit(clone)).toMatchObject({ branch: 'main', defaultBranch: 'trunk' });
    const linked = path.join(makeTempDir('linked'), 'w');
    await git(clone, 'worktree', 'add', '-q', '-b', 'feature', linked);
    expect(await sameAsGit(linked)).toMatchObject({ branch: 'feature', defaultBranch: 'trunk' });
    mkdirSync(path.join(linked, 'sub'));
    expect(await sameAsGit(path.join(linked, 'sub'))).toMatchObject({ branch: 'feature' });
  });

  it('reads an unborn branch, and nothing outside git', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a' });
    expect(await sameAsGit(dir)).toEqual({ branch: 'main' });
    const plain = makeTempDir('plain');
    expect(await readGitFacts(plain, env)).toEqual({});
  });

  it('asks git when the config includes other files', async () => {
    const dir = await createGitRepo({ 'a.txt': 'a' }, { commit: true });
    writeFileSync(path.join(dir, 'extra.cfg'), '[remote "origin"]\n\turl = /from/include\n');
    await git(dir, 'config', 'include.path', path.join(dir, 'extra.cfg'));
    expect((await sameAsGit(dir)).remoteUrl).toBe('/from/include');
  });
});
