/**
 * The page's actions: `POST /api/cancel` stops the run this process is running, `POST /api/rerun`
 * starts the jobs rerun-request.ts accepted. Each is first checked as an action (action-guard.ts:
 * POST, token in the header, not cross-site, JSON); the body is read up to a few KiB only.
 */
import type { IncomingMessage } from 'node:http';
import { checkAction } from './action-guard.js';
import { resolveRerun, type Rerun } from './rerun-request.js';

/** What this process can do for the page; an absent action answers 409. */
export interface UiActions {
  /** Stops the run going on; false when none is. */
  cancel?(): boolean;
  /** Starts the jobs; a string says why not now (a run is still going). */
  rerun?(rerun: Rerun): true | string;
}

export interface ActionAnswer {
  status: number;
  body: Record<string, unknown>;
}

const ROUTES = new Set(['/api/cancel', '/api/rerun']);
const MAX_BODY = 4096;

export function isActionPath(pathname: string): boolean {
  return ROUTES.has(pathname);
}

export async function handleAction(pathname: string, request: IncomingMessage, context: { root: string; actions: UiActions }): Promise<ActionAnswer> {
  const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
  const verdict = checkAction({ method: request.method ?? 'GET', tokenInHeader: header('x-localci-token') !== undefined, fetchSite: header('sec-fetch-site'), contentType: header('content-type') });
  if (!verdict.ok) return { status: verdict.status, body: { error: verdict.reason } };
  const body = await readJson(request);
  if (body === TOO_LARGE) return { status: 413, body: { error: 'request too large' } };
  if (body === INVALID) return { status: 400, body: { error: 'the body is not JSON' } };
  const { actions } = context;
  if (pathname === '/api/cancel') {
    if (!actions.cancel?.()) return { status: 409, body: { error: 'no run to cancel in this session' } };
    return { status: 202, body: { cancelling: true } };
  }
  if (!actions.rerun) return { status: 409, body: { error: 'this session cannot start runs: use `ci ui` or `ci watch --ui`' } };
  const asked = await resolveRerun(context.root, body);
  if (!asked.ok) return { status: asked.status, body: { error: asked.error } };
  const started = actions.rerun(asked.rerun);
  if (started !== true) return { status: 409, body: { error: started } };
  return { status: 202, body: { jobs: asked.rerun.jobs } };
}

const TOO_LARGE = Symbol('too large');
const INVALID = Symbol('invalid');

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY) return TOO_LARGE;
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}
