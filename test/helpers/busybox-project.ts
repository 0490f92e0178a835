/**
 * A project whose pipeline runs on the busybox fixture image: `ci.config.json` made from
 * the jobs given, plus files, in a real git repository (committed) or a plain folder.
 */
import { BUSYBOX } from '../e2e/sample-pipeline.js';
import { createGitRepo, writeFiles } from './git-repo.js';
import { makeTempDir } from './tmp-dir.js';

export type Jobs = Record<string, Record<string, unknown>>;

export interface ProjectOptions {
  /** More files, by relative path. */
  files?: Record<string, string>;
  /** More top-level config keys (`image` defaults to the busybox fixture). */
  config?: Record<string, unknown>;
  /** `commit` (default): a git repository with everything committed; `plain`: no git at all. */
  kind?: 'commit' | 'plain';
}

export function busyboxConfig(jobs: Jobs, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ image: BUSYBOX, pull: 'never', ...extra, jobs }, null, 2);
}

export async function createBusyboxProject(jobs: Jobs, options: ProjectOptions = {}): Promise<string> {
  const files = { ...options.files, 'ci.config.json': busyboxConfig(jobs, options.config) };
  if (options.kind === 'plain') {
    const dir = makeTempDir('plain');
    writeFiles(dir, files);
    return dir;
  }
  return createGitRepo(files, { commit: true });
}
