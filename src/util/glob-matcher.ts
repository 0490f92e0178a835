/**
 * The one matcher for the path lists a config names (`inputs`, `rules.changes`,
 * `watch.ignore`, dependency-cache key files): .gitignore-style, so
 * `['src/**', '!src/gen/**', 'src/gen/keep.ts']` selects `src/gen/keep.ts`.
 *
 * - Patterns are read in order and the last one that matches a path decides:
 *   a plain pattern selects it, a `!pattern` leaves it out. A path no pattern
 *   matches is not selected.
 * - A pattern that matches a folder covers everything inside it (`src`,
 *   `!src/gen`), as in .gitignore.
 * - Dotfiles match like any other file.
 */
import picomatch from 'picomatch';

interface Rule {
  selects: boolean;
  matches: (path: string) => boolean;
}

export function globMatcher(patterns: readonly string[]): (file: string) => boolean {
  const rules: Rule[] = patterns.map((pattern) => {
    const selects = !pattern.startsWith('!');
    return { selects, matches: picomatch(selects ? pattern : pattern.slice(1), { dot: true }) };
  });
  // Walked from the end, so the first hit is the last match.
  rules.reverse();
  return (file) => {
    const paths = pathAndFolders(file);
    for (const rule of rules) {
      if (paths.some((candidate) => rule.matches(candidate))) return rule.selects;
    }
    return false;
  };
}

/** `a/b/c.ts` -> `a/b/c.ts`, `a/b`, `a`. */
function pathAndFolders(file: string): string[] {
  const paths = [file];
  for (let cut = file.lastIndexOf('/'); cut > 0; cut = file.lastIndexOf('/', cut - 1)) paths.push(file.slice(0, cut));
  return paths;
}
