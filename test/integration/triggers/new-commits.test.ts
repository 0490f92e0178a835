import { describe, expect, it } from 'vitest';
import { eachNewCommit } from '../../../src/triggers/pre-push/new-commits.js';
import { addBareRemote, commitFiles, createGitRepo, git } from '../../helpers/git-repo.js';

const ZERO = '0'.repeat(40);
const ref = (localSha: string, remoteSha: string, branch = 'main') => ({ localRef: `refs/heads/${branch}`, localSha, remoteRef: `refs/heads/${branch}`, remoteSha });

describe('eachNewCommit', () => {
  it('lists what the remote lacks, oldest first, for an existing branch, a new branch and a rewritten one', async () => {
    const repo = await createGitRepo({ 'a.txt': 'a\n' }, { commit: true });
    await addBareRemote(repo);
    await git(repo, 'push', '-q', 'origin', 'main');
    const base = (await git(repo, 'rev-parse', 'HEAD')).trim();
    const one = await commitFiles(repo, { 'a.txt': '1\n' }, 'one');
    const two = await commitFiles(repo, { 'a.txt': '2\n' }, 'two');

    const existing = await eachNewCommit(repo, [{ sha: two, refs: ['main'] }], [ref(two, base)]);
    expect(existing).toEqual([
      { sha: one, refs: ['main'], position: { index: 1, count: 2 } },
      { sha: two, refs: ['main'], position: { index: 2, count: 2 } },
    ]);
    // A new branch: what no remote-tracking branch holds.
    expect((await eachNewCommit(repo, [{ sha: two, refs: ['topic'] }], [ref(two, ZERO, 'topic')])).map((commit) => commit.sha)).toEqual([one, two]);
    // A force push over a commit this clone never had: still only what the remotes lack.
    expect((await eachNewCommit(repo, [{ sha: two, refs: ['main'] }], [ref(two, 'f'.repeat(40))])).map((commit) => commit.sha)).toEqual([one, two]);
    // Nothing new (the remote has the commit): the tip alone, without a position.
    expect(await eachNewCommit(repo, [{ sha: base, refs: ['old'] }], [ref(base, ZERO, 'old')])).toEqual([{ sha: base, refs: ['old'] }]);
  }, 30_000);
});
