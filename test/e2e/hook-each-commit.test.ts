/**
 * `hooks.prePush.eachCommit`: a real push of three new commits to a local bare remote,
 * the middle one broken. By default only the branch's tip is checked (and passes);
 * with eachCommit every new commit runs, oldest first, and the push is refused at the
 * broken one, named, without running the commits after it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { branchHead, commitFiles, git, pushMain, writeFiles } from '../helpers/git-repo.js';
import { BROKEN, GOOD, pipelineConfig, project } from '../helpers/hook-project.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

afterEach(async () => {
  const left = await localciObjects();
  await removeLocalciObjects();
  await cleanupTempDirs();
  expect(left.containers).toEqual([]);
});

describe('ci hook with hooks.prePush.eachCommit', () => {
  it('checks every new commit oldest first, stops at the broken one and names it; by default only the tip', async () => {
    const { repo, remote } = await project({ prePush: { eachCommit: true } });
    const first = await pushMain(repo);
    expect(first.exitCode, first.all).toBe(0);
    const before = await branchHead(remote);

    const one = await commitFiles(repo, { 'notes.txt': 'one\n' }, 'one: still good');
    const two = await commitFiles(repo, { 'app.txt': BROKEN }, 'two: breaks app.txt');
    const three = await commitFiles(repo, { 'app.txt': GOOD }, 'three: fixes it again');
    const refused = await pushMain(repo);
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toMatch(new RegExp(`2 jobs passed on ${one.slice(0, 8)} \\(main, commit 1 of 3 new\\)`));
    expect(refused.all).toMatch(new RegExp(`push refused.*: 1 of 2 jobs failed on ${two.slice(0, 8)} \\(main, commit 2 of 3 new\\)`));
    expect(refused.all).toContain('app.txt is broken: broken');
    // Stopped at the first failure: the commit after it never ran.
    expect(refused.all).not.toContain(three.slice(0, 8));
    expect(refused.all.indexOf(one.slice(0, 8))).toBeLessThan(refused.all.indexOf(two.slice(0, 8)));
    expect(await branchHead(remote)).toBe(before);

    // Without eachCommit (an uncommitted config edit, which the hook reads): the tip alone, which passes.
    writeFiles(repo, { 'ci.config.json': pipelineConfig({}) });
    const tipOnly = await pushMain(repo);
    expect(tipOnly.exitCode, tipOnly.all).toBe(0);
    expect(tipOnly.all).toMatch(new RegExp(`2 jobs passed on ${three.slice(0, 8)} \\(main\\)`));
    expect(tipOnly.all).not.toContain(two.slice(0, 8));
    expect(await branchHead(remote)).toBe(await git(repo, 'rev-parse', 'HEAD'));
  });
});
