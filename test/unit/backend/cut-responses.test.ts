/**
 * A call whose answer is cut off after the headers (the engine died while `container.wait()`
 * waited) must fail with a connection error instead of never settling. A real HTTP server on
 * loopback plays the engine; the client is the one `connectEngine` builds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectEngine, isConnectionError } from '../../../src/backend/docker/connect.js';

let server: http.Server | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Answers `/version`; `/wait` gets its headers and half a body, then the connection drops. */
async function engineDyingDuringWait(): Promise<string> {
  server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    if (request.url?.includes('/version')) {
      response.end('{"Version":"20.10.24","ApiVersion":"1.41"}');
      return;
    }
    // Dropped only once the headers and the first bytes are on their way, as a dying engine does.
    response.write('{"Status', () => response.socket?.destroy());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `tcp://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('the engine connection', () => {
  it('fails a call whose answer is cut off with a connection error', async () => {
    // docker-modem reads DOCKER_HOST from the process environment itself.
    vi.stubEnv('DOCKER_HOST', await engineDyingDuringWait());
    const engine = await connectEngine();
    const error = await engine.docker.getContainer('job').wait().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect(isConnectionError(error)).toBe(true);
  });
});
