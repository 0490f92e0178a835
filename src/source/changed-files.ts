/**
 * Files changed against a base, for `rules: { changes: [...] }`: the base is
 * `--since REF`, else the branch's upstream. Committed changes since the merge
 * base count, and so do uncommitted ones when the working tree runs. Without a
 * base there is nothing to compare with, and every rule passes.
 */
import { gitMaybe } from './git.js';

export async function changedFiles(root: string, options: { since?: string; commit?: string }): Promise<string[] | undefined> {
  const base = options.since ?? (await gitMaybe(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']));
  if (!base) return undefined;
  const head = options.commit ?? 'HEAD';
  const mergeBase = await gitMaybe(root, ['merge-base', base, head]);
  if (!mergeBase) return undefined;
  // --relative: paths inside the project folder, relative to it, like every other path here.
  const committed = await gitMaybe(root, ['diff', '--name-only', '--relative', '-z', mergeBase, head]);
  const uncommitted = options.commit ? '' : await gitMaybe(root, ['diff', '--name-only', '--relative', '-z', 'HEAD']);
  const untracked = options.commit ? '' : await gitMaybe(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  return [...new Set([committed, uncommitted, untracked].flatMap((list) => (list ?? '').split('\0').filter(Boolean)))];
}
