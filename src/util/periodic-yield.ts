/**
 * Long loops of synchronous file calls (faster than the thread pool for many small files) give
 * the event loop a turn every `every` items, so the screen, Ctrl-C and watch events stay alive.
 */
export function periodicYield(every = 2000): () => Promise<void> {
  let count = 0;
  return () => {
    count += 1;
    return count % every === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
  };
}
