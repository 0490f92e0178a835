/**
 * Runs `work` for every item with at most `limit` calls in flight. For file work over a whole
 * tree: a Promise.all over 50,000 files opens 50,000 files at once and fails with EMFILE.
 */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
