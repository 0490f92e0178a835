/**
 * Removing a service stops its tasks only a moment later, on each node: until
 * then the engine refuses to remove what they use (the run's network, the
 * job's image). These removals are retried while the answer is "in use".
 */

/** How long removed services' tasks get to let go. */
const FREE_TIMEOUT_MS = 20_000;
const RETRY_MS = 250;

/** Runs `remove` until it succeeds, the object is gone (404) or the wait is over; never throws (the next run's reap tries again). */
export async function retryWhileInUse(remove: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + FREE_TIMEOUT_MS;
  for (;;) {
    try {
      await remove();
      return;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      // Anything but "in use" (403/409, or 500 from a network with active endpoints) will not get better by waiting.
      if (status === 404 || (status !== 403 && status !== 409 && status !== 500) || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
