/**
 * What an action (cancel, re-run) needs beyond request-guard.ts's checks: actions change things,
 * so a page of another site must not be able to fire one blindly (CSRF). They are POST only, carry
 * the token in the `x-localci-token` header (a cross-site page cannot set a header without a CORS
 * preflight, which this server never grants; a token in the URL can leak through history or logs),
 * are not marked cross-site by the browser (`Sec-Fetch-Site`), and send JSON. Pure, like the guard.
 */
export interface ActionRequest {
  method: string;
  /** Whether the token came in the header (the URL's `?token=` does not count for actions). */
  tokenInHeader: boolean;
  fetchSite?: string;
  contentType?: string;
}

export type ActionVerdict = { ok: true } | { ok: false; status: 403 | 405 | 415; reason: string };

export function checkAction(request: ActionRequest): ActionVerdict {
  if (request.method !== 'POST') return { ok: false, status: 405, reason: 'actions are POST only' };
  if (!request.tokenInHeader) return { ok: false, status: 403, reason: 'an action carries the token in its x-localci-token header' };
  if (request.fetchSite !== undefined && request.fetchSite !== 'same-origin' && request.fetchSite !== 'none') return { ok: false, status: 403, reason: 'cross-site action' };
  const type = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, status: 415, reason: 'actions send JSON' };
  return { ok: true };
}
