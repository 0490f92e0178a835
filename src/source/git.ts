/**
 * Thin wrappers over the git CLI for the start of every run, hook and watch.
 * They use node's execFile rather than execa on purpose: importing execa costs
 * 80-130 ms on the machines we measure, more than all of a run's git calls, and
 * these calls need nothing beyond arguments in, stdout out. (Long-lived git
 * processes, such as watch mode's `check-ignore --stdin`, do use execa.)
 */
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gitLayoutOf } from '../state/state-location.js';

const run = promisify(execFile);
/** `ls-files -z` of a large repository is megabytes; the default 1 MiB would truncate it. */
const MAX_OUTPUT = 512 * 1024 * 1024;

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8' });
  return stdout.replace(/\n$/, '');
}

/** Like `git` but resolves to undefined when git fails (no commits yet, detached HEAD…). */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}

/** git with its stdout as a stream (`git archive`); `done` rejects when git fails. */
export function gitStream(cwd: string, args: readonly string[]): { stdout: Readable; done: Promise<void> } {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]} failed: ${stderr.trim() || `exit ${code}`}`))));
  });
  return { stdout: child.stdout, done };
}

/** Whether `dir` is in a git working tree: git's answer of the project's state location, asked once per process. */
export function inGitWorktree(dir: string): boolean {
  return gitLayoutOf(dir) !== undefined;
}

/** The worktree root containing `dir`, or undefined outside a git repository. */
export async function findGitRoot(dir: string): Promise<string | undefined> {
  return gitMaybe(dir, ['rev-parse', '--show-toplevel']);
}

export interface CommitInfo {
  sha?: string;
  branch?: string;
}

export async function headInfo(root: string): Promise<CommitInfo> {
  const [sha, branch] = await Promise.all([
    gitMaybe(root, ['rev-parse', '--verify', '-q', 'HEAD']),
    gitMaybe(root, ['symbolic-ref', '--short', '-q', 'HEAD']),
  ]);
  return { sha: sha || undefined, branch: branch || undefined };
}
