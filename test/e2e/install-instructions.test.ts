/**
 * README's install instructions, as written, before localci is on the registry: a packed
 * tarball installed globally, and localci as a `file:` devDependency of a project (the
 * clone's folder, or the tarball kept in the project), whose zero-config `ci run` then
 * runs `npm ci` in the container. Needs the npm registry for localci's own dependencies.
 *
 * One tarball and one real install on the host (the global one) serve every test: the linked
 * folder is that install's copy of the package, and the project with the tarball gets its lock
 * file without a host install. The `npm ci` in the tarball project's container is the second
 * real install, the one the instruction is about.
 */
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';

/** Real installs on a shared 2-core machine. */
const SLOW = 400_000;
const QUIET = ['--no-audit', '--no-fund'];
const TEST_SCRIPT = `node -e "console.log('project test ran')"`;

/** `npm pack` of this checkout (built), as README says. */
let tarball: string;
/** The prefix `npm install --global` of the tarball installed into. */
let globalPrefix: string;

beforeAll(async () => {
  const dir = makeTempDir('pack');
  const { stdout } = await execa('npm', ['pack', '--silent', '--pack-destination', dir, REPO_ROOT]);
  tarball = path.join(dir, stdout.trim().split('\n').at(-1)!);
  globalPrefix = makeTempDir('global');
  await execa('npm', ['install', '--global', '--prefix', globalPrefix, ...QUIET, tarball]);
}, SLOW);

afterEach(async () => {
  const left = await localciObjects();
  await removeLocalciObjects();
  expect(left.containers).toEqual([]);
});

afterAll(cleanupTempDirs);

/**
 * A project with a test script and localci as a devDependency from `spec`, lock file committed.
 * `lockOnly` resolves and writes the lock file without filling the host's node_modules: what git
 * holds, and so what the jobs get, is the same as after a full install (node_modules is ignored).
 */
async function projectWith(spec: (repo: string) => string, { lockOnly = false } = {}): Promise<string> {
  const repo = await createGitRepo({
    'package.json': JSON.stringify({ name: 'uses-localci', version: '1.0.0', private: true, engines: { node: '>=20' }, scripts: { test: TEST_SCRIPT } }, null, 2),
    '.gitignore': 'node_modules/\n',
  });
  const only = lockOnly ? ['--package-lock-only'] : [];
  await execa('npm', ['install', '--save-dev', ...QUIET, ...only, spec(repo)], { cwd: repo });
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'localci as a devDependency');
  return repo;
}

/**
 * `ci run` in the project (`npx ci` unless another `ci` is given): the zero-config install
 * (`npm ci` in the container), then its test.
 */
async function ciRun(repo: string, [command, ...args]: string[] = ['npx', 'ci']) {
  const result = await execa(command!, [...args, 'run', '--plain'], { cwd: repo, env: { CI: 'true', NO_COLOR: '1' }, reject: false, all: true, timeout: SLOW - 20_000 });
  expect(result.exitCode, result.all).toBe(0);
  expect(result.all).toContain('project test ran');
  expect(result.all).toMatch(/✓ install\s/);
}

describe('README install instructions', () => {
  it('a packed tarball installs globally and its ci runs', async () => {
    const version = await execa(path.join(globalPrefix, 'bin', 'ci'), ['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a localci folder as a file: devDependency: npm ci in the container does not break on it', async () => {
    // What a built clone ships (the packed files) with its production dependencies, as the global
    // install laid them out, in a folder of its own: npm installs a linked folder's dependencies
    // into it, which must not touch the checkout under test.
    const folder = path.join(makeTempDir('localci-folder'), 'package');
    cpSync(path.join(globalPrefix, 'lib', 'node_modules', 'localci'), folder, { recursive: true, verbatimSymlinks: true });
    const repo = await projectWith(() => folder);
    expect(await git(repo, 'show', 'HEAD:package.json')).toMatch(/"localci": "file:/);
    await ciRun(repo);
  }, SLOW);

  it('the packed tarball kept in the project as a file: devDependency', async () => {
    const repo = await projectWith(
      (root) => {
        mkdirSync(path.join(root, 'vendor'));
        copyFileSync(tarball, path.join(root, 'vendor', 'localci.tgz'));
        return './vendor/localci.tgz';
      },
      { lockOnly: true },
    );
    // No host install, so no `npx ci`: the globally installed ci is the same package, and what
    // this instruction adds is that the jobs find the tarball, which `npm ci` in the container shows.
    await ciRun(repo, [path.join(globalPrefix, 'bin', 'ci')]);
  }, SLOW);
});
