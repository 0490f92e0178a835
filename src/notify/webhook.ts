/**
 * `notify.webhook`: POSTs the run's JSON summary when a run ends. Five seconds
 * at most, so a dead endpoint never holds up the terminal; a failure is a
 * warning, never a failed run. Messages name only the endpoint's origin: a
 * webhook URL often carries its secret token in the path.
 */
import type { RunNotice } from './run-message.js';

export const WEBHOOK_TIMEOUT_MS = 5000;

export async function postWebhook(url: string, notice: RunNotice, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'localci' },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
  } catch (error) {
    const name = (error as Error).name;
    const reason = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs / 1000}s` : causeOf(error);
    throw new Error(`notify.webhook: POST to ${origin(url)} failed: ${reason}`);
  }
  // The body is not needed; reading it lets the connection close now rather than at exit.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`notify.webhook: ${origin(url)} answered HTTP ${response.status}`);
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured URL';
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
