/**
 * At most `limit` pieces of work at once, started in the order they were handed in, each with a
 * promise of its own: for tables of quick CLI calls started together in a beforeAll and awaited
 * one per test (concurrent tests cannot each own their CLI processes, see cli.ts; such calls start
 * while some other test runs, so they pass `outlivesTest`). A test waits
 * for its own call only, so the length of a table never adds up against one hook's time limit.
 */
export function limitConcurrency(limit: number): <R>(work: () => Promise<R>) => Promise<R> {
  let free = limit;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  const slot = () =>
    new Promise<void>((resolve) => {
      if (free > 0) {
        free -= 1;
        resolve();
      } else waiting.push(resolve);
    });
  return <R>(work: () => Promise<R>) => {
    const result = slot().then(work).finally(release);
    // The test that awaits it reports a failure; until then it is no unhandled rejection.
    result.catch(() => undefined);
    return result;
  };
}
