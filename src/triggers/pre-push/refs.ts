/**
 * What a push asks us to check. git feeds the pre-push hook one line per ref:
 * `<local ref> <local sha> <remote ref> <remote sha>`. Each pushed ref's tip
 * commit is checked once, whatever else points at it; deletions carry nothing
 * to check, tags are skipped unless the project opts in, and refs that are
 * neither branches nor tags (`refs/notes/*`, review refs) are never checked:
 * they are not code that lands anywhere. Pure, no git calls.
 */

export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

export interface CommitToCheck {
  sha: string;
  /** Short names of the remote refs this push points at the commit (`main`, `v1.2`). */
  refs: string[];
  /** With `hooks.prePush.eachCommit`: where the commit stands among the new commits of its branch. */
  position?: { index: number; count: number };
  /** Commits the pushed branches point at on the remote now (none for a new branch): what the push replaces. */
  replaces?: string[];
}

export interface SkippedRef {
  ref: string;
  /** `other`: neither a branch nor a tag (`refs/notes/commits`). */
  reason: 'deletion' | 'tag' | 'other';
}

export interface PushChecks {
  commits: CommitToCheck[];
  skipped: SkippedRef[];
}

/** All-zero object names mean "no object": sha-1 and sha-256 repositories alike. */
export function isZeroSha(sha: string): boolean {
  return /^0+$/.test(sha);
}

export function parsePushLines(input: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const raw of input.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const [localRef, localSha, remoteRef, remoteSha] = line.split(/\s+/);
    // git always writes four fields; anything else is not from git and is ignored.
    if (localRef === undefined || localSha === undefined || remoteRef === undefined || remoteSha === undefined) continue;
    refs.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return refs;
}

export function commitsToCheck(refs: readonly PushedRef[], options: { tags: boolean }): PushChecks {
  const bySha = new Map<string, CommitToCheck>();
  const skipped: SkippedRef[] = [];
  for (const ref of refs) {
    const name = shortRef(ref.remoteRef);
    if (isZeroSha(ref.localSha)) {
      skipped.push({ ref: name, reason: 'deletion' });
      continue;
    }
    if (!isBranch(ref) && !isTag(ref)) {
      skipped.push({ ref: name, reason: 'other' });
      continue;
    }
    if (isTag(ref) && !options.tags) {
      skipped.push({ ref: name, reason: 'tag' });
      continue;
    }
    const existing = bySha.get(ref.localSha) ?? { sha: ref.localSha, refs: [] };
    bySha.set(ref.localSha, existing);
    if (!existing.refs.includes(name)) existing.refs.push(name);
    if (isBranch(ref) && !isZeroSha(ref.remoteSha) && !existing.replaces?.includes(ref.remoteSha)) (existing.replaces ??= []).push(ref.remoteSha);
  }
  return { commits: [...bySha.values()], skipped };
}

/** A pushed branch or tag, not deleted: the only pushes that may need the pipeline (and its config) at all. */
export function mayNeedCheck(ref: PushedRef): boolean {
  return !isZeroSha(ref.localSha) && (isBranch(ref) || isTag(ref));
}

function isBranch(ref: PushedRef): boolean {
  return ref.remoteRef.startsWith('refs/heads/');
}

function isTag(ref: PushedRef): boolean {
  return ref.remoteRef.startsWith('refs/tags/');
}

/** `refs/heads/main` → `main`, `refs/tags/v1` → `v1`; other refs stay whole. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}
