/**
 * Binary search for the first bad commit, given a test of one candidate.
 * Candidates are in order, oldest first; the commit before the first is known
 * good and the last one is known bad. A candidate that cannot be judged (the
 * job was skipped because something it needs broke) is `skip`ped, as with
 * `git bisect skip`: the search tests a neighbour instead, and when only
 * skipped candidates are left between the last good and first bad commit,
 * the answer is that range rather than a guess.
 */
export type Verdict = 'good' | 'bad' | 'skip';

export type BisectResult = { kind: 'found'; index: number } | { kind: 'ambiguous'; indices: number[] };

export async function bisect(count: number, test: (index: number) => Promise<Verdict>): Promise<BisectResult> {
  if (count < 1) throw new RangeError('bisect needs at least one candidate');
  let good = -1;
  let bad = count - 1;
  const skipped = new Set<number>();
  for (let next = pick(good, bad, skipped); next !== undefined; next = pick(good, bad, skipped)) {
    const verdict = await test(next);
    if (verdict === 'good') good = next;
    else if (verdict === 'bad') bad = next;
    else skipped.add(next);
  }
  if (bad - good === 1) return { kind: 'found', index: bad };
  return { kind: 'ambiguous', indices: range(good + 1, bad + 1) };
}

/** Runs a search of `count` candidates needs, at most (no skips). */
export function bisectSteps(count: number): number {
  return count <= 1 ? 0 : Math.ceil(Math.log2(count));
}

/** The untested candidate strictly between the bounds nearest to the middle, if any. */
function pick(good: number, bad: number, skipped: ReadonlySet<number>): number | undefined {
  const middle = Math.floor((good + bad) / 2);
  for (let offset = 0; offset < bad - good; offset += 1) {
    for (const index of offset === 0 ? [middle] : [middle + offset, middle - offset]) {
      if (index > good && index < bad && !skipped.has(index)) return index;
    }
  }
  return undefined;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, index) => from + index);
}
