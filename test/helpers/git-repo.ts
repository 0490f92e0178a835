/**
 * Real git repositories in temp directories, and a local bare remote for `git push`.
 * git runs without the machine's global and system config, so a user's hooksPath, signing
 * or default branch cannot change what a test sees.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { makeTempDir } from './tmp-dir.js';

/** Also passed to the CLI under test (see cli.ts), so its git calls see the same config. */
export const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  // Fixed identity for commits made by git itself, e.g. through the CLI under test.
  GIT_AUTHOR_NAME: 'localci test',
  GIT_AUTHOR_EMAIL: 'test@localci.invalid',
  GIT_COMMITTER_NAME: 'localci test',
  GIT_COMMITTER_EMAIL: 'test@localci.invalid',
};

/** Runs git in `dir` and returns its stdout; throws with git's stderr when it fails. */
export async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa('git', args, { cwd: dir, env: GIT_ENV });
  return stdout;
}

export interface CreateGitRepoOptions {
  /** Add every file and make an initial commit. Default: files stay untracked. */
  commit?: boolean;
}

/** Creates a repository on branch `main` holding `files` (paths relative, `/`-separated). */
export async function createGitRepo(files: Record<string, string>, opts: CreateGitRepoOptions = {}): Promise<string> {
  const dir = makeTempDir('repo');
  writeFiles(dir, files);
  await git(dir, 'init', '-q', '-b', 'main');
  // Local config as well as GIT_ENV, so git run by the CLI or a hook can commit too.
  await git(dir, 'config', 'user.name', 'localci test');
  await git(dir, 'config', 'user.email', 'test@localci.invalid');
  await git(dir, 'config', 'commit.gpgsign', 'false');
  if (opts.commit) {
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'initial');
  }
  return dir;
}

/** Creates a bare repository, adds it to `repoDir` as `origin` and returns its path. */
export async function addBareRemote(repoDir: string): Promise<string> {
  const remote = makeTempDir('remote');
  await git(remote, 'init', '-q', '--bare', '-b', 'main');
  await git(repoDir, 'remote', 'add', 'origin', remote);
  return remote;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Writes `files`, stages exactly those (other edits stay uncommitted) and commits; returns the new commit. */
export async function commitFiles(dir: string, files: Record<string, string>, message = 'change'): Promise<string> {
  writeFiles(dir, files);
  await git(dir, 'add', '--', ...Object.keys(files));
  await git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export interface PushResult {
  exitCode: number;
  /** git's output and the pre-push hook's, interleaved. */
  all: string;
}

/** `git push origin main` as a user types it, pre-push hook included; a refused push is a result, not an error. */
export async function pushMain(dir: string, env: Record<string, string | undefined> = {}): Promise<PushResult> {
  return pushRefspec(dir, 'main', env);
}

/** `git push origin <refspec>` (`feature`, `HEAD:main`), pre-push hook included. */
export async function pushRefspec(dir: string, refspec: string, env: Record<string, string | undefined> = {}): Promise<PushResult> {
  const result = await execa('git', ['push', 'origin', refspec], {
    cwd: dir,
    env: { ...GIT_ENV, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    reject: false,
    all: true,
    timeout: 100_000,
  });
  return { exitCode: result.exitCode ?? 1, all: result.all };
}

/** The commit `main` points to in a (bare) repository, or undefined before the first push. */
export async function branchHead(dir: string, branch = 'main'): Promise<string | undefined> {
  return git(dir, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`).catch(() => undefined);
}
