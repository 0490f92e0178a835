/**
 * `on.push` and `on.pull_request` branch and tag filters, checked as GitHub
 * checks them: for a push against the pushed ref, for a pull request against
 * its base branch. `branches` / `tags` patterns in order, `!` leaving out
 * again, the last match deciding; `branches-ignore` / `tags-ignore` leave out.
 * A push of a branch with only `tags` filters (or of a tag with only
 * `branches`) does not run the workflow. `paths` filters need the pushed
 * changes, which a local run does not have: they are warned about and the
 * workflow runs.
 */
import picomatch from 'picomatch';
import { isRaw, type Raw } from './parse.js';

export interface FilterDecision {
  runs: boolean;
  /** Why the workflow does not run, when it does not. */
  why?: string;
  /** A filter that could not be checked. */
  approximated?: string;
}

/** The activities a push to a pull request's branch makes: it opens the pull request or adds commits to it. */
const PUSH_ACTIVITIES = ['opened', 'synchronize', 'reopened'];

export function pushFilter(on: unknown, ref: { branch?: string; tag?: string }): FilterDecision {
  const push = isRaw(on) && isRaw(on.push) ? on.push : undefined;
  if (push === undefined) return { runs: true };
  const approximated = pathsApproximated(push);
  const kind = ref.tag !== undefined ? 'tags' : 'branches';
  const own = push[kind] ?? push[`${kind}-ignore`];
  const other = push[kind === 'tags' ? 'branches' : 'tags'] ?? push[kind === 'tags' ? 'branches-ignore' : 'tags-ignore'];
  if (own === undefined) {
    const why = `a push of this ${kind === 'tags' ? 'tag' : 'branch'} is filtered out (only ${kind === 'tags' ? 'branches' : 'tags'} are listed)`;
    return decision(other === undefined, why, approximated);
  }
  return nameFilter(push, kind, ref.tag ?? ref.branch, 'on.push', approximated);
}

/** A pull request from the pushed branch into `base` (unknown: its branch filters cannot be checked). */
export function pullRequestFilter(on: unknown, base: string | undefined): FilterDecision {
  const pullRequest = isRaw(on) && isRaw(on.pull_request) ? on.pull_request : undefined;
  if (pullRequest === undefined) return { runs: true };
  const types = pullRequest.types === undefined ? undefined : list(pullRequest.types);
  if (types !== undefined && !types.some((type) => PUSH_ACTIVITIES.includes(type))) {
    return { runs: false, why: `on.pull_request.types (${types.join(', ')}) has none of the activities a push makes (${PUSH_ACTIVITIES.join(', ')})` };
  }
  const listsBranches = pullRequest.branches !== undefined || pullRequest['branches-ignore'] !== undefined;
  const unknownBase = base === undefined && listsBranches ? 'approximated: the base branch is not known (no origin/HEAD, main or master), so branch filters are not checked; the workflow runs' : undefined;
  return nameFilter(pullRequest, 'branches', base, 'on.pull_request', unknownBase ?? pathsApproximated(pullRequest));
}

/** `kind` patterns in order, else `kind-ignore`; a name that is not known passes. */
function nameFilter(spec: Raw, kind: 'branches' | 'tags', name: string | undefined, where: string, approximated: string | undefined): FilterDecision {
  if (name === undefined) return decision(true, undefined, approximated);
  if (spec[kind] !== undefined) return decision(matchesInOrder(list(spec[kind]), name), `${name} does not match ${where}.${kind}`, approximated);
  if (spec[`${kind}-ignore`] === undefined) return decision(true, undefined, approximated);
  return decision(!list(spec[`${kind}-ignore`]).some((pattern) => match(pattern, name)), `${name} matches ${where}.${kind}-ignore`, approximated);
}

function decision(runs: boolean, why: string | undefined, approximated: string | undefined): FilterDecision {
  return { runs, ...(why === undefined || runs ? {} : { why }), ...(approximated === undefined ? {} : { approximated }) };
}

function pathsApproximated(spec: Raw): string | undefined {
  return spec.paths !== undefined || spec['paths-ignore'] !== undefined ? 'approximated: paths filters are not checked (a local run has no pushed changes); the workflow runs' : undefined;
}

function matchesInOrder(patterns: string[], name: string): boolean {
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (match(pattern.slice(1), name)) included = false;
    } else if (match(pattern, name)) included = true;
  }
  return included;
}

/** GitHub's filter patterns: `*` stops at `/`, `**` does not, `?`, `+`, `[…]` as in globs. */
function match(pattern: string, name: string): boolean {
  return picomatch.isMatch(name, pattern, { dot: true, nonegate: true });
}

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined && item !== null).map(String);
}
