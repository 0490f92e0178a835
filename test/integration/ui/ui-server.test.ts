/**
 * `ci ui`'s server on a real loopback socket: only 127.0.0.1, only with the URL's token, only
 * under its own Host and Origin (DNS rebinding, cross-site requests), only its own files; the
 * live run as server-sent events, replayed from the start; cancel through the API.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../src/run/events.js';
import { LiveRun } from '../../../src/ui/live-run.js';
import { startUiServer, type UiServer } from '../../../src/ui/ui-server.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';
import { callUi, tokenOf } from '../../helpers/ui-client.js';
import { makeRecord, writeRuns } from '../../unit/history/stored-run.js';

let server: UiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await cleanupTempDirs();
});

const call = (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) => callUi(server!.port, path, headers, method, body);
/** The token with its last character changed: always wrong, whichever character it ended in. */
const wrongLast = (token: string) => `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;

describe('ci ui server', () => {
  it('listens on loopback at a random port, with a long random token in its URL', async () => {
    server = await startUiServer({ root: makeTempDir('ui-project') });
    const other = await startUiServer({ root: makeTempDir('ui-project') });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
      expect(other.port).not.toBe(server.port);
      expect(tokenOf(other.url)).not.toBe(tokenOf(server.url));
    } finally {
      await other.close();
    }
  });

  it('serves the page and the history with the token, under a CSP that runs only its own scripts', async () => {
    server = await startUiServer({ root: makeTempDir('ui-project') });
    const token = tokenOf(server.url);
    const page = await call(`/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js?token=');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await call(`/app.js?token=${token}`)).body).toContain('EventSource');
    const runs = await call('/api/runs', { 'x-localci-token': token });
    expect([runs.status, JSON.parse(runs.body)]).toEqual([200, []]);
  });

  it('marks in the history the jobs that passed and failed on the same inputs (one cache key) as flaky', async () => {
    const root = makeTempDir('ui-project');
    const job = (name: string, status: JobStatus) => ({ job: name, status, durationMs: 10, attempts: 1 });
    writeRuns(root, [
      makeRecord('r1', { startedAt: '2026-01-01T10:01:00.000Z', status: 'failed', jobs: [job('unit', 'failed'), job('lint', 'failed')], jobKeys: { unit: 'k1', lint: 'k2' } }),
      makeRecord('r2', { startedAt: '2026-01-01T10:02:00.000Z', jobs: [job('unit', 'passed'), job('lint', 'passed')], jobKeys: { unit: 'k1', lint: 'k3' } }),
    ]);
    server = await startUiServer({ root });
    const runs = JSON.parse((await call('/api/runs', { 'x-localci-token': tokenOf(server.url) })).body) as Array<{ id: string; jobs: Array<{ job: string; flaky?: boolean }> }>;
    expect(runs.map((run) => [run.id, run.jobs.filter((entry) => entry.flaky).map((entry) => entry.job)])).toEqual([['r2', ['unit']], ['r1', ['unit']]]);
  });

  it('refuses requests without the token or with a wrong one, the assets and the API alike', async () => {
    server = await startUiServer({ root: makeTempDir('ui-project') });
    const token = tokenOf(server.url);
    for (const path of ['/', '/app.js', '/api/runs', '/api/events', `/?token=${wrongLast(token)}`, `/?token=${token}${token}`]) {
      const answer = await call(path);
      expect([path, answer.status]).toEqual([path, 403]);
      expect(answer.body).not.toContain(token);
    }
    expect((await call('/api/cancel', {}, 'POST')).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    server = await startUiServer({ root: makeTempDir('ui-project') });
    const token = tokenOf(server.url);
    const port = server.port;
    expect((await call(`/?token=${token}`, { host: `evil.example:${port}` })).status).toBe(403);
    expect((await call(`/?token=${token}`, { host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await call(`/?token=${token}`, { host: `localhost:${port}` })).status).toBe(200);
    expect((await call('/api/runs', { 'x-localci-token': token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('/api/runs', { 'x-localci-token': token, origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await call('/api/cancel', { 'x-localci-token': token, origin: 'null' }, 'POST')).status).toBe(403);
  });

  it('never serves a file by a path from the request', async () => {
    server = await startUiServer({ root: makeTempDir('ui-project') });
    const token = tokenOf(server.url);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/ui-assets/app.js', '/app.js/../../package.json', '/..%2f..%2fetc%2fpasswd', '/etc/passwd', '/src/ui/ui-server.ts']) {
      const answer = await call(`${path}?token=${token}`);
      expect(answer.body).not.toMatch(/"name": "localci"|root:x:0|startUiServer/);
      if (answer.status === 200) expect(answer.body).toContain('EventSource'); // /app.js/../.. normalises to an asset at most
    }
  });

  it('streams the live run as server-sent events, replayed from its start, and cancels it from the API', async () => {
    const live = new LiveRun();
    let cancelled = 0;
    const actions = { cancel: () => (cancelled += 1) > 0 };
    server = await startUiServer({ root: makeTempDir('ui-project'), live, actions });
    const token = tokenOf(server.url);
    live.onEvent({ type: 'run-start', runId: 'r1', time: 1, jobs: ['unit'], dirty: false });
    const received: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: server!.port, path: `/api/events?token=${token}`, headers: { host: `127.0.0.1:${server!.port}` } }, (response) => {
        expect(response.headers['content-type']).toContain('text/event-stream');
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          for (const match of buffer.matchAll(/^data: (.*)$/gm)) if (!received.some((event) => JSON.stringify(event) === match[1])) received.push(JSON.parse(match[1]!));
          if (received.length === 1) live.onEvent({ type: 'job-start', job: 'unit', time: 2, attempt: 1, image: 'node:20' });
          if (received.length === 2) {
            req.destroy();
            resolve();
          }
        });
      });
      req.end();
    });
    await done;
    expect(received).toEqual([expect.objectContaining({ type: 'run-start', runId: 'r1' }), expect.objectContaining({ type: 'job-start', job: 'unit' })]);
    const answer = await call('/api/cancel', { 'x-localci-token': token, 'content-type': 'application/json' }, 'POST', '{}');
    expect([answer.status, cancelled]).toEqual([202, 1]);
  });
});
