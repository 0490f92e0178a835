/**
 * `on.push` branch and tag filters, checked against the checkout as GitHub
 * checks them against the pushed ref: `branches` / `tags` patterns in order,
 * `!` leaving out again, the last match deciding; `branches-ignore` /
 * `tags-ignore` leave out. A push of a branch with only `tags` filters (or of
 * a tag with only `branches`) does not run the workflow. `paths` filters need
 * the pushed changes, which a local run does not have: they are warned about
 * and the workflow runs.
 */
import picomatch from 'picomatch';
import { isRaw } from './parse.js';

export interface FilterDecision {
  runs: boolean;
  /** Why the workflow does not run, when it does not. */
  why?: string;
  /** A filter that could not be checked. */
  approximated?: string;
}

export function pushFilter(on: unknown, ref: { branch?: string; tag?: string }): FilterDecision {
  const push = isRaw(on) && isRaw(on.push) ? on.push : undefined;
  if (push === undefined) return { runs: true };
  const approximated = push.paths !== undefined || push['paths-ignore'] !== undefined ? 'approximated: paths filters are not checked (a local run has no pushed changes); the workflow runs' : undefined;
  const kind = ref.tag !== undefined ? 'tags' : 'branches';
  const name = ref.tag ?? ref.branch;
  const own = push[kind] ?? push[`${kind}-ignore`];
  const other = push[kind === 'tags' ? 'branches' : 'tags'] ?? push[kind === 'tags' ? 'branches-ignore' : 'tags-ignore'];
  const result = (runs: boolean, why?: string): FilterDecision => ({ runs, ...(why === undefined || runs ? {} : { why }), ...(approximated === undefined ? {} : { approximated }) });
  if (own === undefined) return result(other === undefined, `a push of this ${kind === 'tags' ? 'tag' : 'branch'} is filtered out (only ${kind === 'tags' ? 'branches' : 'tags'} are listed)`);
  if (name === undefined) return result(true);
  if (push[kind] !== undefined) return result(matchesInOrder(list(push[kind]), name), `${name} does not match on.push.${kind}`);
  return result(!list(push[`${kind}-ignore`]).some((pattern) => match(pattern, name)), `${name} matches on.push.${kind}-ignore`);
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
