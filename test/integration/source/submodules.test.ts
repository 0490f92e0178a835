/**
 * A repository with a submodule: the run names it once, with the fix, for the working tree and
 * for a commit alike (`--commit`, the pre-push hook), since its content never reaches jobs.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { readSourceTree } from '../../../src/source/source-tree.js';
import { submodulePaths, submoduleWarning } from '../../../src/source/submodules.js';
import { createGitRepo, GIT_ENV } from '../../helpers/git-repo.js';
import { useTempDirs } from '../../helpers/tmp-dir.js';

useTempDirs();

it('names the submodules of the working tree and of a commit, and none where there are none', async () => {
  const library = await createGitRepo({ 'lib.txt': 'library\n' }, { commit: true });
  const dir = await createGitRepo({ 'app.txt': 'app\n' }, { commit: true });
  expect(await submodulePaths(dir, await readSourceTree({ root: dir, isGit: true }))).toEqual([]);
  const gitIn = (...args: string[]) => execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], { cwd: dir, env: { ...process.env, ...GIT_ENV }, stdio: 'ignore' });
  gitIn('submodule', 'add', '-q', library, 'vendor/lib');
  gitIn('commit', '-qm', 'a submodule');
  expect(await submodulePaths(dir, await readSourceTree({ root: dir, isGit: true }))).toEqual(['vendor/lib']);
  expect(await submodulePaths(dir, await readSourceTree({ root: dir, isGit: true, commit: 'HEAD' }))).toEqual(['vendor/lib']);
  expect(submoduleWarning(['vendor/lib'])).toEqual({
    message: "submodules are not brought into jobs: vendor/lib/ is empty in every job's workspace.",
    hint: 'Vendor what the jobs need into this repository, or fetch it in a step at the commit the superproject records.',
  });
});
