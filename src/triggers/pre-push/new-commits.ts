/**
 * `hooks.prePush.eachCommit`: every commit a push adds, oldest first, rather than
 * only the tip of each pushed branch. What a push adds is what the remote does not
 * have yet: the commits after the remote branch's old tip (when this clone knows it)
 * that no remote-tracking branch already holds.
 */
import { gitMaybe } from '../../source/git.js';
import { isZeroSha, type CommitToCheck, type PushedRef } from './refs.js';

export async function eachNewCommit(root: string, tips: readonly CommitToCheck[], pushed: readonly PushedRef[]): Promise<CommitToCheck[]> {
  const bySha = new Map<string, CommitToCheck>();
  for (const tip of tips) {
    const shas = await newCommits(root, tip.sha, pushed);
    // Nothing new (the commit is on the remote already, under another name): the tip is checked, as by default.
    const list = shas.length > 0 ? shas : [tip.sha];
    list.forEach((sha, index) => {
      const known = bySha.get(sha);
      if (known) known.refs.push(...tip.refs.filter((ref) => !known.refs.includes(ref)));
      else bySha.set(sha, { sha, refs: [...tip.refs], ...(list.length > 1 ? { position: { index: index + 1, count: list.length } } : {}) });
    });
  }
  return [...bySha.values()];
}

/** Oldest first, parents before children; empty when git cannot tell (then only the tip is checked). */
async function newCommits(root: string, tip: string, pushed: readonly PushedRef[]): Promise<string[]> {
  const oldTips = pushed.filter((ref) => ref.localSha === tip && !isZeroSha(ref.remoteSha)).map((ref) => ref.remoteSha);
  // A force push over commits this clone never saw: their sha means nothing here.
  const known = await Promise.all(oldTips.map(async (sha) => ((await gitMaybe(root, ['cat-file', '-e', `${sha}^{commit}`])) === undefined ? undefined : sha)));
  const listing = await gitMaybe(root, ['rev-list', '--topo-order', '--reverse', tip, '--not', ...known.filter((sha): sha is string => sha !== undefined), '--remotes']);
  return (listing ?? '').split('\n').filter((line) => line !== '');
}
