/** What GitHub's branch, tag and path filters share: a list of patterns where `!` leaves out again and the last match decides. */

export function lastMatchDecides(patterns: readonly string[], name: string, matches: (pattern: string, name: string) => boolean): boolean {
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matches(pattern.slice(1), name)) included = false;
    } else if (matches(pattern, name)) included = true;
  }
  return included;
}

/** A filter key's value: one pattern or a list. */
export function patternList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined && item !== null).map(String);
}
