/**
 * The commits `ci bisect` chooses from: `git rev-list --first-parent good..bad`,
 * oldest first. First parent only, as for a main branch of merged pull
 * requests: a merge is tested as one change, never a half-finished commit
 * from inside a feature branch.
 */
import { UsageError } from '../errors.js';
import { git, gitMaybe } from '../source/git.js';

export interface Commit {
  sha: string;
  subject: string;
}

export interface BisectRange {
  good: Commit;
  bad: Commit;
  /** Oldest first; the last one is `bad`. */
  candidates: Commit[];
}

export async function bisectRange(root: string, good: string, bad: string): Promise<BisectRange> {
  const [goodSha, badSha] = await Promise.all([resolve(root, good, 'good'), resolve(root, bad, 'bad')]);
  if ((await gitMaybe(root, ['merge-base', '--is-ancestor', goodSha, badSha])) === undefined) {
    throw new UsageError(`${good} is not an ancestor of ${bad}.`, 'Give an older commit where the job passes first, then a later one where it fails: ci bisect <good> <bad> [job].');
  }
  const log = await git(root, ['log', '--first-parent', '--reverse', '--format=%H%x09%s', `${goodSha}..${badSha}`]);
  const candidates = log
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      return { sha: line.slice(0, tab), subject: line.slice(tab + 1) };
    });
  if (candidates.length === 0 || candidates.at(-1)!.sha !== badSha) {
    throw new UsageError(`No commits between ${good} and ${bad} on the first-parent line.`, 'Check the order: ci bisect <good> <bad> [job].');
  }
  const goodSubject = await git(root, ['log', '-1', '--format=%s', goodSha]);
  return { good: { sha: goodSha, subject: goodSubject }, bad: candidates.at(-1)!, candidates };
}

async function resolve(root: string, ref: string, role: string): Promise<string> {
  const sha = await gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]);
  if (!sha) throw new UsageError(`The ${role} commit "${ref}" is not a commit in this repository.`, 'Give a sha, branch or tag, such as HEAD~10.');
  return sha;
}
