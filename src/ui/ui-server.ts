/**
 * `ci ui`'s web server: 127.0.0.1 only, a random port unless one is asked for, an unguessable
 * token in the URL, every request checked (request-guard.ts). It serves the page's own files,
 * the project's run history as JSON, the live run as server-sent events and the page's actions
 * (action-routes.ts); it reads nothing but the project's state, and only through the run store.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAction, isActionPath, type UiActions } from './action-routes.js';
import { ARTIFACT_PATHS, serveArtifacts } from './artifact-routes.js';
import { indexHtml, readAsset } from './assets.js';
import { FinalRunsCache } from '../history/final-runs-cache.js';
import { HistoryAnswer } from './history-api.js';
import type { LiveRun } from './live-run.js';
import { checkRequest } from './request-guard.js';

export interface UiServerOptions {
  root: string;
  /** 0 or absent: a free port the system picks. */
  port?: number;
  live?: LiveRun;
  /** What the page's buttons can do in this process (cancel, re-run); read at each request. */
  actions?: UiActions;
}

export interface UiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // The page runs its own scripts only: job text can never become markup that runs.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const streams = new Set<ServerResponse>();
  const history = new HistoryAnswer(new FinalRunsCache(options.root));
  const server = createServer((request, response) => {
    handle(request, response, { ...options, token, port, streams, history }).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error');
      else response.end();
    });
  });
  await listen(server, options.port ?? 0);
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      // The event streams end first and their last events reach the page (the run's end), then the rest goes.
      await Promise.all(
        [...streams].map(
          (stream) =>
            new Promise((resolve) => {
              // `finish`: handed to the system; `close`: the page had gone already.
              stream.once('finish', resolve).once('close', resolve);
              stream.end();
            }),
        ),
      );
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

interface RequestContext extends UiServerOptions {
  token: string;
  port: number;
  /** The open event streams, ended first on close. */
  streams: Set<ServerResponse>;
  /** The history the page reads, remade only when a run changed. */
  history: HistoryAnswer;
}

async function handle(request: IncomingMessage, response: ServerResponse, context: RequestContext): Promise<void> {
  const header = request.headers['x-localci-token'];
  const verdict = checkRequest({ host: request.headers.host, origin: request.headers.origin, url: request.url ?? '/', tokenHeader: typeof header === 'string' ? header : undefined }, context);
  if (!verdict.ok) return send(response, verdict.status, 'text/plain; charset=utf-8', `refused: ${verdict.reason}`);
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (method === 'GET' && pathname === '/') return send(response, 200, 'text/html; charset=utf-8', indexHtml(context.token));
  if (method === 'GET' && pathname === '/api/runs') return send(response, 200, 'application/json', await context.history.json());
  if (method === 'GET' && ARTIFACT_PATHS.has(pathname)) {
    return serveArtifacts(context.root, new URL(request.url ?? '/', 'http://localhost'), response, HEADERS, (status, type, body) => send(response, status, type, body));
  }
  if (method === 'GET' && pathname === '/api/events') return streamEvents(request, response, context);
  if (isActionPath(pathname)) {
    const answer = await handleAction(pathname, request, { root: context.root, actions: context.actions ?? {} });
    return send(response, answer.status, 'application/json', JSON.stringify(answer.body));
  }
  const asset = method === 'GET' ? await readAsset(pathname) : undefined;
  if (asset) return send(response, 200, asset.type, asset.body);
  send(response, 404, 'text/plain; charset=utf-8', 'not found');
}

/** Server-sent events: the live run's events, replayed from its start, one JSON object per event. */
function streamEvents(request: IncomingMessage, response: ServerResponse, { live, streams }: RequestContext): void {
  response.writeHead(200, { ...HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  response.write(': localci\n\n');
  streams.add(response);
  const stop = live?.follow((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
  request.on('close', () => {
    stop?.();
    streams.delete(response);
  });
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { ...HEADERS, 'content-type': type });
  response.end(body);
}
