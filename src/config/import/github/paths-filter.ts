/**
 * GitHub's `paths` / `paths-ignore` filters of `on.push` and `on.pull_request`.
 * `paths`: each changed file is checked against the patterns in order (`!`
 * leaves out again, the last match decides); the workflow runs when one file is
 * in. `paths-ignore`: the workflow runs unless every changed file matches. Patterns
 * are GitHub's globs: `*` stops at `/`, `**` does not, and `**` glued to a name
 * (`**.js`) matches that name in any folder.
 */
import picomatch from 'picomatch';
import type { ChangedFiles } from '../changed-files.js';
import type { Raw } from './parse.js';
import type { FilterDecision } from './event-filters.js';
import { lastMatchDecides, patternList } from './filter-patterns.js';

/** undefined when the spec has no paths filter. */
export function pathsFilter(spec: Raw, changes: (() => ChangedFiles) | undefined, where: string): FilterDecision | undefined {
  const paths = spec.paths === undefined ? undefined : patternList(spec.paths);
  const ignored = spec['paths-ignore'] === undefined ? undefined : patternList(spec['paths-ignore']);
  if (paths === undefined && ignored === undefined) return undefined;
  const changed = changes?.() ?? { unknown: 'the changed files are not known here' };
  if ('unknown' in changed) return { runs: true, approximated: `approximated: paths filters are not checked (${changed.unknown}); the workflow runs` };
  const against = `compared with ${changed.against}`;
  if (paths !== undefined) {
    const runs = changed.files.some((file) => lastMatchDecides(paths, file, matchPath));
    return runs ? { runs } : { runs, why: `no changed file matches ${where}.paths (${plural(changed.files.length)} ${against})` };
  }
  const runs = changed.files.some((file) => !ignored!.some((pattern) => matchPath(pattern, file)));
  return runs ? { runs } : { runs, why: `every changed file matches ${where}.paths-ignore (${plural(changed.files.length)} ${against})` };
}

export function matchPath(pattern: string, file: string): boolean {
  return picomatch.isMatch(file, githubGlob(pattern), { dot: true, nonegate: true });
}

/** `**.js` → `**\/*.js`: GitHub lets `**` glued to a name cross folders, picomatch reads it as `*`. */
function githubGlob(pattern: string): string {
  return pattern.replace(/(^|\/)\*\*(?=[^/*])/g, '$1**/*');
}

function plural(count: number): string {
  return `${count} changed file${count === 1 ? '' : 's'}`;
}
