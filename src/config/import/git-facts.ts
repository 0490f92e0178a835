/**
 * What a CI server knows about the commit it runs, read from the checkout:
 * branch, sha, a tag on HEAD, the default branch and the origin URL. Rules such
 * as `if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` are decided with these, so a
 * local run takes the branch the pushed pipeline would take. Git calls run in
 * parallel (~10 ms together); outside git every fact is simply absent.
 */
import { gitMaybe, headInfo } from '../../source/git.js';
import type { GitFacts } from './importer.js';

export async function readGitFacts(root: string): Promise<GitFacts> {
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
  if (tag) facts.tag = tag;
  if (defaultBranch) facts.defaultBranch = defaultBranch;
  if (remoteUrl) facts.remoteUrl = remoteUrl;
  return facts;
}
