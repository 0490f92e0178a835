/**
 * Who may talk to `ci ui`: the server listens on loopback only, but any web page the user opens
 * can still send requests to 127.0.0.1 (cross-site requests) or reach it under its own host name
 * through DNS rebinding. So every request must name this server by its loopback address in `Host`,
 * come from this server's own origin when it says one (`Origin`), and carry the token of the URL
 * the CLI printed. Pure: the request's headers in, a verdict out.
 */
import { timingSafeEqual } from 'node:crypto';

export interface GuardedRequest {
  host?: string;
  origin?: string;
  /** Path and query, as the request line gives it. */
  url: string;
  /** The `x-localci-token` header (fetch from the page), when sent. */
  tokenHeader?: string;
}

export type GuardVerdict = { ok: true } | { ok: false; status: 400 | 403; reason: string };

export function checkRequest(request: GuardedRequest, server: { port: number; token: string }): GuardVerdict {
  const names = [`127.0.0.1:${server.port}`, `localhost:${server.port}`];
  if (request.host === undefined || !names.includes(request.host.toLowerCase())) return { ok: false, status: 403, reason: 'unknown host' };
  if (request.origin !== undefined && !names.some((name) => request.origin!.toLowerCase() === `http://${name}`)) {
    return { ok: false, status: 403, reason: 'foreign origin' };
  }
  const query = new URL(request.url, 'http://localhost').searchParams.get('token');
  const token = request.tokenHeader ?? query ?? '';
  if (!sameToken(token, server.token)) return { ok: false, status: 403, reason: 'missing or wrong token' };
  return { ok: true };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
