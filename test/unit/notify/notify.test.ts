import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { desktopCommand } from '../../../src/notify/desktop.js';
import { alertsFor } from '../../../src/notify/run-alerts.js';
import { runNotice } from '../../../src/notify/run-message.js';
import { postWebhook } from '../../../src/notify/webhook.js';
import { makeRecord, makeRun } from '../history/stored-run.js';

describe('alertsFor', () => {
  const base = { durationMs: 12_000, status: 'failed', stdoutIsTTY: true, json: false, config: undefined };

  it('rings and pops up after a long run watched in a terminal', () => {
    expect(alertsFor(base)).toEqual({ bell: true, desktop: true });
  });

  it('stays quiet for short runs, pipes, --json and runs stopped with Ctrl-C', () => {
    for (const change of [{ durationMs: 9000 }, { stdoutIsTTY: false }, { json: true }, { status: 'interrupted' }]) {
      expect(alertsFor({ ...base, ...change })).toEqual({ bell: false, desktop: false });
    }
  });

  it('follows notify.desktop when set, and posts to a configured webhook whatever the terminal', () => {
    expect(alertsFor({ ...base, stdoutIsTTY: false, config: { desktop: true, webhook: 'http://127.0.0.1:1/x' } })).toEqual({ bell: false, desktop: true, webhook: 'http://127.0.0.1:1/x' });
    expect(alertsFor({ ...base, config: { desktop: false } }).desktop).toBe(false);
  });
});

describe('desktopCommand', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('uses notify-send from PATH on Linux, urgent for failures, and nothing when it is missing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-notify-'));
    dirs.push(dir);
    const bin = path.join(dir, 'notify-send');
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
    expect(desktopCommand('title', 'body', true, 'linux', { PATH: dir })).toEqual([bin, ['--app-name=localci', '--urgency=critical', 'title', 'body']]);
    expect(desktopCommand('title', 'body', true, 'linux', { PATH: '/nonexistent' })).toBeUndefined();
    expect(desktopCommand('title', 'body', false, 'win32', { PATH: dir })).toBeUndefined();
  });
});

describe('postWebhook', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    // A server that never answers still holds its connection: drop it rather than wait.
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  function serve(handler: http.RequestListener): Promise<string> {
    const server = http.createServer(handler);
    servers.push(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/s3cr3t`)));
  }

  const notice = runNotice(makeRun(makeRecord('r1', { status: 'failed', commit: 'abc', jobs: [{ job: 'unit', status: 'failed', exitCode: 1, durationMs: 5, attempts: 1 }] })));

  it('POSTs the JSON summary', async () => {
    let body = '';
    let type = '';
    const url = await serve((request, response) => {
      type = request.headers['content-type'] ?? '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.end('ok'));
    });
    await postWebhook(url, notice);
    expect(type).toBe('application/json');
    expect(JSON.parse(body)).toMatchObject({ schema: 1, event: 'run-end', runId: 'r1', status: 'failed', commit: 'abc', jobs: [{ job: 'unit', status: 'failed', exitCode: 1 }] });
    expect(JSON.parse(body).text).toContain('unit failed');
  });

  it('gives up after the timeout and reports HTTP errors, naming only the origin (the path may hold a token)', async () => {
    const slow = await serve(() => undefined);
    const started = Date.now();
    const error = await postWebhook(slow, notice, 300).catch((caught: Error) => caught);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(String(error)).toMatch(/POST to http:\/\/127\.0\.0\.1:\d+ failed: no answer within 0\.3s/);
    expect(String(error)).not.toContain('s3cr3t');
    const broken = await serve((_request, response) => {
      response.statusCode = 500;
      response.end();
    });
    await expect(postWebhook(broken, notice)).rejects.toThrow(/answered HTTP 500/);
  });
});
