/**
 * "Did you mean …?" for misspelt keys, job names and enum values. A
 * suggestion is only made when it is clearly close; a wrong guess is worse
 * than none.
 */
import { distance } from 'fastest-levenshtein';

/**
 * Names other CI systems use for our keys. Someone coming from GitLab or
 * GitHub Actions types `script` or `depends_on`; edit distance cannot know.
 */
const SYNONYMS: Record<string, string> = {
  script: 'steps',
  scripts: 'steps',
  commands: 'steps',
  run: 'steps',
  variables: 'env',
  environment_variables: 'env',
  dependencies: 'needs',
  depends_on: 'needs',
  dependsOn: 'needs',
  requires: 'needs',
  container: 'image',
  'runs-on': 'image',
  allow_failure: 'allowFailure',
  'continue-on-error': 'allowFailure',
  strategy: 'matrix',
  'timeout-minutes': 'timeout',
  timeout_minutes: 'timeout',
  caches: 'cache',
  service: 'services',
};

/** The closest candidate, or undefined when nothing is close enough to be a likely typo. */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const synonym = SYNONYMS[input];
  if (synonym !== undefined && list.includes(synonym)) return synonym;
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    const candidateLower = candidate.toLowerCase();
    // Case and separator slips (`allow_failure`, `AllowFailure`) count as exact; swapped
    // neighbours (`lnit`) as half an edit, so `lint` beats `unit` for `lnit`.
    const d = squash(candidateLower) === squash(lower) ? 0 : isSwap(lower, candidateLower) ? 0.5 : distance(lower, candidateLower);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  // Up to 2 edits, or a third of the longer word for long names (`artefacts` → `artifacts`).
  const allowed = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  // Very short words are too easy to reach: `a` is 2 edits from most 3-letter keys.
  if (bestDistance > allowed || bestDistance >= Math.min(input.length, best.length)) return undefined;
  return best;
}

/** `did you mean `needs`?`, or undefined. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const match = closestMatch(input, candidates);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}

/** Whether `a` is `b` with two neighbouring characters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const first = [...a].findIndex((char, index) => char !== b[index]);
  return first >= 0 && a[first] === b[first + 1] && a[first + 1] === b[first] && a.slice(first + 2) === b.slice(first + 2);
}

function squash(text: string): string {
  return text.replace(/[-_\s]/g, '');
}
