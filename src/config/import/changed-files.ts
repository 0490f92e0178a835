/**
 * The files a push (or a pull request) changes, for CI files whose workflows
 * run only when certain paths change (GitHub's `paths` / `paths-ignore`).
 * GitHub compares a push with the commit the branch pointed at before it, a
 * new branch and a pull request with their base (the merge-base with the
 * default branch). The pre-push hook knows the pushed commit and the remote's
 * old one; a plain run compares the working tree (untracked files included)
 * with its upstream, else with the default branch. When there is nothing to
 * compare with, the answer says why, and the workflow runs.
 *
 * Asked only when a workflow has such a filter, once per event, with git run
 * synchronously: the translation that asks is synchronous.
 */
import { spawnSync } from 'node:child_process';
import type { GitFacts, RefFacts } from './importer.js';

export type ChangedFiles = { files: string[]; against: string } | { unknown: string };

/** What the changes are compared for: the push itself, or a pull request into the default branch. */
export type ChangeKind = 'push' | 'pull_request';

export type ChangesOf = (kind: ChangeKind) => ChangedFiles;

export function changesReader(root: string, checkout: GitFacts, ref: RefFacts | undefined): ChangesOf {
  const known = new Map<ChangeKind, ChangedFiles>();
  return (kind) => {
    let found = known.get(kind);
    if (found === undefined) {
      found = ref?.commit === undefined ? treeChanges(root, checkout, kind) : pushedChanges(root, checkout, ref.commit, kind === 'push' ? ref.before : undefined);
      known.set(kind, found);
    }
    return found;
  };
}

/** The pushed commit against the remote's old tip (known here), else against the merge-base with the default branch. */
function pushedChanges(root: string, checkout: GitFacts, commit: string, before: string | undefined): ChangedFiles {
  if (before !== undefined && gitOut(root, ['cat-file', '-e', `${before}^{commit}`]) !== undefined) {
    return diff(root, before, commit, `the remote's ${before.slice(0, 8)}`);
  }
  const base = defaultBase(root, checkout, commit);
  if (base === undefined) return { unknown: 'there is no default branch to compare the pushed commit with' };
  return diff(root, base.sha, commit, base.name);
}

/** The working tree against the upstream (a push's changes), else against the merge-base with the default branch. */
function treeChanges(root: string, checkout: GitFacts, kind: ChangeKind): ChangedFiles {
  const upstream = kind === 'push' ? gitOut(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']) : undefined;
  const base = upstream !== undefined ? mergeBase(root, 'HEAD', upstream, upstream) : defaultBase(root, checkout, 'HEAD');
  if (base === undefined) return { unknown: 'the branch has no upstream and there is no default branch to compare the working tree with' };
  const tracked = gitOut(root, ['diff', '--name-only', '-z', '--no-renames', base.sha]);
  const untracked = gitOut(root, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name']);
  if (tracked === undefined || untracked === undefined) return { unknown: `git could not compare the working tree with ${base.name}` };
  return { files: [...new Set([...split(tracked), ...split(untracked)])], against: base.name };
}

/** The merge-base with the default branch, as the remote has it when this clone knows it; none when it is the commit itself. */
function defaultBase(root: string, checkout: GitFacts, commit: string): { sha: string; name: string } | undefined {
  const branch = checkout.defaultBranch;
  if (branch === undefined) return undefined;
  for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
    const base = mergeBase(root, commit, ref, ref.replace(/^refs\/(remotes|heads)\//, ''));
    if (base === undefined) continue;
    // The default branch itself, pushed for the first time: no base to compare with.
    return base.sha === gitOut(root, ['rev-parse', '--verify', '-q', `${commit}^{commit}`]) ? undefined : base;
  }
  return undefined;
}

function mergeBase(root: string, commit: string, other: string, name: string): { sha: string; name: string } | undefined {
  const sha = gitOut(root, ['merge-base', commit, other]);
  return sha === undefined || sha === '' ? undefined : { sha, name };
}

function diff(root: string, from: string, to: string, against: string): ChangedFiles {
  const listing = gitOut(root, ['diff', '--name-only', '-z', '--no-renames', from, to]);
  return listing === undefined ? { unknown: `git could not compare with ${against}` } : { files: split(listing), against };
}

function split(listing: string): string[] {
  return listing.split('\0').filter((name) => name !== '');
}

function gitOut(root: string, args: string[]): string | undefined {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  return result.status === 0 ? result.stdout.replace(/\n$/, '') : undefined;
}
