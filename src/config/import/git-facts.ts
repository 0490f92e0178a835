/**
 * What a CI server knows about the commit it runs, read from the checkout:
 * branch, sha, the tag of a detached HEAD, the default branch and the origin URL. Rules such
 * as `if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` are decided with these, so a
 * local run takes the branch the pushed pipeline would take. Every command that
 * imports a CI file pays for this, so the repository's files are read directly
 * (source/git-files.ts); git itself is asked only for what they cannot tell.
 * Outside git every fact is simply absent.
 */
import { findGitLayout, GitRefs } from '../../source/git-files.js';
import { gitMaybe, headInfo } from '../../source/git.js';
import type { GitFacts } from './importer.js';

export async function readGitFacts(root: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<GitFacts> {
  const layout = findGitLayout(root, env);
  if (layout === undefined) return env.GIT_DIR === undefined && env.GIT_COMMON_DIR === undefined ? {} : askGit(root);
  const refs = new GitRefs(layout);
  if (!refs.readable() || refs.configIncludes()) return askGit(root);
  const head = refs.head();
  const facts: GitFacts = { ...head };
  // A checkout on a branch runs as a push of that branch even when its tip carries a tag (right
  // after a release): taking it for a tag push would pick release workflows instead of the tests.
  // Only a detached HEAD on a tag (`git checkout v1.2.0`) runs as that tag's push.
  const tags = head.commit === undefined || head.branch !== undefined ? [] : refs.tagsAt(head.commit);
  const tag = tags === undefined ? await gitMaybe(root, ['describe', '--tags', '--exact-match', 'HEAD']) : tags[0];
  if (tag) facts.tag = tag;
  const originHead = refs.symbolicTarget('refs/remotes/origin/HEAD')?.replace(/^refs\/remotes\/origin\//, '');
  const defaultBranch = originHead || ['main', 'master'].find((name) => refs.resolve(`refs/heads/${name}`) !== undefined);
  if (defaultBranch) facts.defaultBranch = defaultBranch;
  const remoteUrl = refs.remoteUrl('origin');
  if (remoteUrl) facts.remoteUrl = remoteUrl;
  return facts;
}

/** The same facts from git processes (~10 ms together when the machine is idle, 5-10 times that when busy). */
export async function askGit(root: string): Promise<GitFacts> {
  const [head, tag, originHead, remoteUrl, branches] = await Promise.all([
    headInfo(root),
    gitMaybe(root, ['describe', '--tags', '--exact-match', 'HEAD']),
    gitMaybe(root, ['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD']),
    gitMaybe(root, ['config', '--get', 'remote.origin.url']),
    gitMaybe(root, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/main', 'refs/heads/master']),
  ]);
  const defaultBranch = originHead?.replace(/^origin\//, '') || branches?.split('\n').find((name) => name !== '');
  const facts: GitFacts = {};
  if (head.branch) facts.branch = head.branch;
  if (head.sha) facts.commit = head.sha;
  if (tag && !head.branch) facts.tag = tag;
  if (defaultBranch) facts.defaultBranch = defaultBranch;
  if (remoteUrl) facts.remoteUrl = remoteUrl;
  return facts;
}
