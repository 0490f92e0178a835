/**
 * Projects with real dependencies from the npm registry, the way users have them: a
 * vitest + TypeScript library with a lock file (lint, typecheck and test scripts), and a
 * small project per package manager. Lock files are made with the host's own tools (and
 * so the host's trust and proxy settings); node_modules is ignored, as in every project.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { createGitRepo, git } from './git-repo.js';
import { VITEST_PROJECT_FILES } from './real-project-files.js';

export { editSource, TYPESCRIPT_VERSION, VITEST_VERSION } from './real-project-files.js';

const QUIET = ['--no-audit', '--no-fund'];

/** The vitest + TypeScript library; its lock file is committed. `hostInstall` also fills node_modules on the host. */
export async function vitestProject(options: { hostInstall?: boolean } = {}): Promise<string> {
  const repo = await createGitRepo(VITEST_PROJECT_FILES);
  await execa('npm', ['install', ...QUIET, ...(options.hostInstall ? [] : ['--package-lock-only'])], { cwd: repo });
  await commitAll(repo, 'vitest project');
  return repo;
}

export type Manager = 'npm' | 'pnpm' | 'yarn';

/** The version the host makes the lock with and the container installs with (corepack reads `packageManager`). */
const PINNED: Partial<Record<Manager, string>> = { pnpm: 'pnpm@9.15.9', yarn: 'yarn@1.22.22' };

const TEST = `node -e "if (!require('is-number')(5)) process.exit(1); console.log('is-number works')"`;

/** A small project of `manager` depending on is-number, with its lock file committed. */
export async function managerProject(manager: Manager): Promise<string> {
  // `test` calls the package manager by name, as scripts do (`pnpm lint && vitest`): jobs must find it on the PATH.
  const pkg = { name: `real-${manager}`, version: '1.0.0', private: true, engines: { node: '>=20' }, scripts: { test: `${manager} run check`, check: TEST }, dependencies: { 'is-number': '7.0.0' }, ...(PINNED[manager] ? { packageManager: PINNED[manager] } : {}) };
  const repo = await createGitRepo({ 'package.json': JSON.stringify(pkg, null, 2), '.gitignore': 'node_modules/\n' });
  await lock(repo, manager);
  await commitAll(repo, `${manager} project`);
  return repo;
}

/** Adds a dependency and updates the lock file with the project's package manager (not committed). */
export async function addDependency(repo: string, manager: Manager, spec: string): Promise<void> {
  const file = path.join(repo, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
  const [name, version] = spec.split('@') as [string, string];
  pkg.dependencies = { ...pkg.dependencies, [name]: version };
  writeFileSync(file, JSON.stringify(pkg, null, 2));
  await lock(repo, manager);
}

async function lock(repo: string, manager: Manager): Promise<void> {
  // Through npx, not the host's corepack: an older corepack refuses current package signatures.
  const env = { COREPACK_ENABLE_STRICT: '0' };
  if (manager === 'npm') await execa('npm', ['install', '--package-lock-only', ...QUIET], { cwd: repo });
  if (manager === 'pnpm') await execa('npx', ['--yes', PINNED.pnpm!, 'install', '--lockfile-only'], { cwd: repo, env });
  // Yarn 1 has no lock-only mode; what it installs on the host is ignored.
  if (manager === 'yarn') await execa('npx', ['--yes', PINNED.yarn!, 'install', '--ignore-scripts', '--no-progress'], { cwd: repo, env });
}

async function commitAll(repo: string, message: string): Promise<void> {
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', message);
}
