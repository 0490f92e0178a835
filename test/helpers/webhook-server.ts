/**
 * A real HTTP server on 127.0.0.1 that records every request it gets, standing in for a
 * `notify.webhook` endpoint. Servers are closed by `closeWebhookServers` (call it after each test).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  type: string;
  body: string;
}

const servers: http.Server[] = [];

/** `close` stops it early (a webhook that is gone: connection refused). */
export async function webhookServer(): Promise<{ url: string; received: Received[]; close: () => void }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', type: request.headers['content-type'] ?? '', body });
      response.end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/localci`, received, close: () => server.close() };
}

export async function closeWebhookServers(): Promise<void> {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}
