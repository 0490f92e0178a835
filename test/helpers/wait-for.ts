/**
 * Polls until a condition holds. Tests wait for the thing they need (a line of output, a
 * container gone, a file written), never for a fixed time: fixed sleeps are both slow and flaky.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is being waited for, for the timeout error: "the job to start". */
  message?: string;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 50, message = 'the condition' }: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
      lastError = undefined;
    } catch (error) {
      // A condition may throw while the thing does not exist yet (a file not written): keep polling.
      lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const detail = lastError === undefined ? '' : `; last error: ${String(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${detail}`, { cause: lastError });
    }
    await sleep(Math.min(intervalMs, left));
  }
}
