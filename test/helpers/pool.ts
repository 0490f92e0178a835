/**
 * Runs `work` over `items` with at most `limit` at once, keeping the order of the results: for
 * tables of quick CLI calls, done together in a beforeAll and checked one per test afterwards
 * (concurrent tests cannot each own their CLI processes, see cli.ts).
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
