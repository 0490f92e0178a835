/**
 * `on.push` and `on.pull_request` branch and tag filters, checked as GitHub
 * checks them: for a push against the pushed ref, for a pull request against
 * its base branch. `branches` / `tags` patterns in order, `!` leaving out
 * again, the last match deciding; `branches-ignore` / `tags-ignore` leave out.
 * A push of a branch with only `tags` filters (or of a tag with only
 * `branches`) does not run the workflow. When the branch filters let it run,
 * `paths` filters decide on the changed files (paths-filter.ts).
 */
import picomatch from 'picomatch';
import type { ChangedFiles } from '../changed-files.js';
import { lastMatchDecides, patternList } from './filter-patterns.js';
import { isRaw, type Raw } from './parse.js';
import { pathsFilter } from './paths-filter.js';

export interface FilterDecision {
  runs: boolean;
  /** Why the workflow does not run, when it does not. */
  why?: string;
  /** A filter that could not be checked. */
  approximated?: string;
}

/** The activities a push to a pull request's branch makes: it opens the pull request or adds commits to it. */
const PUSH_ACTIVITIES = ['opened', 'synchronize', 'reopened'];

export function pushFilter(on: unknown, ref: { branch?: string; tag?: string }, changes?: () => ChangedFiles): FilterDecision {
  const push = isRaw(on) && isRaw(on.push) ? on.push : undefined;
  if (push === undefined) return { runs: true };
  // As on GitHub, paths filters are not evaluated for a tag push.
  return ref.tag !== undefined ? refFilter(push, ref) : withPaths(refFilter(push, ref), push, changes, 'on.push');
}

function refFilter(push: Raw, ref: { branch?: string; tag?: string }): FilterDecision {
  const kind = ref.tag !== undefined ? 'tags' : 'branches';
  const own = push[kind] ?? push[`${kind}-ignore`];
  const other = push[kind === 'tags' ? 'branches' : 'tags'] ?? push[kind === 'tags' ? 'branches-ignore' : 'tags-ignore'];
  if (own === undefined) {
    const why = `a push of this ${kind === 'tags' ? 'tag' : 'branch'} is filtered out (only ${kind === 'tags' ? 'branches' : 'tags'} are listed)`;
    return decision(other === undefined, why, undefined);
  }
  return nameFilter(push, kind, ref.tag ?? ref.branch, 'on.push', undefined);
}

/** A pull request from the pushed branch into `base` (unknown: its branch filters cannot be checked). */
export function pullRequestFilter(on: unknown, base: string | undefined, changes?: () => ChangedFiles): FilterDecision {
  const pullRequest = isRaw(on) && isRaw(on.pull_request) ? on.pull_request : undefined;
  if (pullRequest === undefined) return { runs: true };
  const types = pullRequest.types === undefined ? undefined : patternList(pullRequest.types);
  if (types !== undefined && !types.some((type) => PUSH_ACTIVITIES.includes(type))) {
    return { runs: false, why: `on.pull_request.types (${types.join(', ')}) has none of the activities a push makes (${PUSH_ACTIVITIES.join(', ')})` };
  }
  const listsBranches = pullRequest.branches !== undefined || pullRequest['branches-ignore'] !== undefined;
  const unknownBase = base === undefined && listsBranches ? 'approximated: the base branch is not known (no origin/HEAD, main or master), so branch filters are not checked; the workflow runs' : undefined;
  return withPaths(nameFilter(pullRequest, 'branches', base, 'on.pull_request', unknownBase), pullRequest, changes, 'on.pull_request');
}

/** Branch and paths filters must both let the workflow run; the changes are read only when the first does. */
function withPaths(byRef: FilterDecision, spec: Raw, changes: (() => ChangedFiles) | undefined, where: string): FilterDecision {
  if (!byRef.runs) return byRef;
  const byPaths = pathsFilter(spec, changes, where);
  if (byPaths === undefined) return byRef;
  const approximated = [byRef.approximated, byPaths.approximated].filter((text) => text !== undefined).join('; ');
  return decision(byPaths.runs, byPaths.why, approximated === '' ? undefined : approximated);
}

/** `kind` patterns in order, else `kind-ignore`; a name that is not known passes. */
function nameFilter(spec: Raw, kind: 'branches' | 'tags', name: string | undefined, where: string, approximated: string | undefined): FilterDecision {
  if (name === undefined) return decision(true, undefined, approximated);
  if (spec[kind] !== undefined) return decision(lastMatchDecides(patternList(spec[kind]), name, match), `${name} does not match ${where}.${kind}`, approximated);
  if (spec[`${kind}-ignore`] === undefined) return decision(true, undefined, approximated);
  return decision(!patternList(spec[`${kind}-ignore`]).some((pattern) => match(pattern, name)), `${name} matches ${where}.${kind}-ignore`, approximated);
}

function decision(runs: boolean, why: string | undefined, approximated: string | undefined): FilterDecision {
  return { runs, ...(why === undefined || runs ? {} : { why }), ...(approximated === undefined ? {} : { approximated }) };
}

/** GitHub's filter patterns: `*` stops at `/`, `**` does not, `?`, `+`, `[…]` as in globs. */
function match(pattern: string, name: string): boolean {
  return picomatch.isMatch(name, pattern, { dot: true, nonegate: true });
}
