/**
 * A project whose pipeline runs on the busybox fixture image: `ci.config.json` made from
 * the jobs given, plus files, as a committed git repository, a git working tree with files
 * not committed yet, or a plain folder outside git.
 */
import { BUSYBOX } from '../e2e/sample-pipeline.js';
import { createGitRepo, git, writeFiles } from './git-repo.js';
import { makeTempDir } from './tmp-dir.js';

export type Jobs = Record<string, Record<string, unknown>>;

/**
 * How the project's files reach a run: `commit` (default) everything committed, run as the
 * working tree; `head` the same, run with `--commit HEAD`; `worktree` only the config
 * committed, the rest untracked; `plain` no git at all.
 */
export type ProjectKind = 'commit' | 'head' | 'worktree' | 'plain';
export const PROJECT_KINDS: readonly ProjectKind[] = ['commit', 'head', 'worktree', 'plain'];

export interface ProjectOptions {
  /** More files, by relative path. */
  files?: Record<string, string>;
  /** More top-level config keys (`image` defaults to the busybox fixture). */
  config?: Record<string, unknown>;
  kind?: ProjectKind;
  /** Makes what `files` cannot: symlinks, odd names, big files. Runs where `files` are written. */
  populate?: (dir: string) => void;
}

export function busyboxConfig(jobs: Jobs, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ image: BUSYBOX, pull: 'never', ...extra, jobs }, null, 2);
}

export async function createBusyboxProject(jobs: Jobs, options: ProjectOptions = {}): Promise<string> {
  const config = { 'ci.config.json': busyboxConfig(jobs, options.config) };
  const kind = options.kind ?? 'commit';
  const addContent = (dir: string) => {
    writeFiles(dir, options.files ?? {});
    options.populate?.(dir);
  };
  if (kind === 'plain') {
    const dir = makeTempDir('plain');
    writeFiles(dir, config);
    addContent(dir);
    return dir;
  }
  const repo = await createGitRepo(config, { commit: true });
  addContent(repo);
  if (kind !== 'worktree') {
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-q', '--allow-empty', '-m', 'content');
  }
  return repo;
}

/** The `ci run` arguments that run a project of this kind. */
export function runArgs(kind: ProjectKind): string[] {
  return ['run', '--no-cache', ...(kind === 'head' ? ['--commit', 'HEAD'] : [])];
}
