/**
 * Matches project paths against a list of globs where `!pattern` excludes, as
 * in .gitignore-style lists: `['src/**', '!src/**\/*.test.ts']`. Dotfiles match.
 */
import picomatch from 'picomatch';

export function globMatcher(patterns: readonly string[]): (file: string) => boolean {
  const include = patterns.filter((pattern) => !pattern.startsWith('!'));
  const exclude = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const included = include.length > 0 ? picomatch(include, { dot: true }) : () => false;
  const excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  return (file) => included(file) && !excluded(file);
}
