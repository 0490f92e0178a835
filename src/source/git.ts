/** Thin wrappers over the git CLI; the only place that spawns git. */
import { execa } from 'execa';

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await execa('git', args, { cwd, stripFinalNewline: true });
  return result.stdout;
}

/** Like `git` but resolves to undefined when git fails (no commits yet, detached HEAD…). */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | undefined> {
  const result = await execa('git', args, { cwd, reject: false, stripFinalNewline: true });
  return result.exitCode === 0 ? result.stdout : undefined;
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
