/**
 * README's install instructions, as written, before localci is on the registry: a packed
 * tarball installed globally, and localci as a `file:` devDependency of a project (the
 * clone's folder, or the tarball kept in the project), whose zero-config `ci run` then
 * runs `npm ci` in the container. Needs the npm registry for localci's own dependencies.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';

/** Real installs on a shared 2-core machine. */
const SLOW = 400_000;
const QUIET = ['--no-audit', '--no-fund'];
const TEST_SCRIPT = `node -e "console.log('project test ran')"`;

afterEach(async () => {
  const left = await localciObjects();
  await removeLocalciObjects();
  await cleanupTempDirs();
  expect(left.containers).toEqual([]);
});

/** `npm pack` of this checkout (built), as README says, into a temp folder. */
async function packed(): Promise<string> {
  const dir = makeTempDir('pack');
  const { stdout } = await execa('npm', ['pack', '--silent', '--pack-destination', dir, REPO_ROOT]);
  return path.join(dir, stdout.trim().split('\n').at(-1)!);
}

/** A project with a test script and localci as a devDependency from `spec`, lock file committed. */
async function projectWith(spec: (repo: string) => string): Promise<string> {
  const repo = await createGitRepo({
    'package.json': JSON.stringify({ name: 'uses-localci', version: '1.0.0', private: true, engines: { node: '>=20' }, scripts: { test: TEST_SCRIPT } }, null, 2),
    '.gitignore': 'node_modules/\n',
  });
  await execa('npm', ['install', '--save-dev', ...QUIET, spec(repo)], { cwd: repo });
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'localci as a devDependency');
  return repo;
}

/** `npx ci run` in the project: the zero-config install (`npm ci` in the container), then its test. */
async function ciRun(repo: string) {
  const result = await execa('npx', ['ci', 'run', '--plain'], { cwd: repo, env: { CI: 'true', NO_COLOR: '1' }, reject: false, all: true, timeout: SLOW - 20_000 });
  expect(result.exitCode, result.all).toBe(0);
  expect(result.all).toContain('project test ran');
  expect(result.all).toMatch(/✓ install\s/);
}

describe('README install instructions', () => {
  it('a packed tarball installs globally and its ci runs', async () => {
    const prefix = makeTempDir('global');
    await execa('npm', ['install', '--global', '--prefix', prefix, ...QUIET, await packed()]);
    const version = await execa(path.join(prefix, 'bin', 'ci'), ['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, SLOW);

  it('a localci folder as a file: devDependency: npm ci in the container does not break on it', async () => {
    // What a built clone ships (the packed files), in a folder of its own: npm installs a linked
    // folder's dependencies into it, which must not touch the checkout under test.
    const folder = makeTempDir('localci-folder');
    await execa('tar', ['-xzf', await packed(), '-C', folder]);
    // A built clone has its dependencies (`npm ci`): a linked folder brings its own.
    await execa('npm', ['install', '--omit=dev', ...QUIET], { cwd: path.join(folder, 'package') });
    const repo = await projectWith(() => path.join(folder, 'package'));
    expect(await git(repo, 'show', 'HEAD:package.json')).toMatch(/"localci": "file:/);
    await ciRun(repo);
  }, SLOW);

  it('the packed tarball kept in the project as a file: devDependency', async () => {
    const tarball = await packed();
    const repo = await projectWith((root) => {
      mkdirSync(path.join(root, 'vendor'));
      copyFileSync(tarball, path.join(root, 'vendor', 'localci.tgz'));
      return './vendor/localci.tgz';
    });
    await ciRun(repo);
  }, SLOW);
});
