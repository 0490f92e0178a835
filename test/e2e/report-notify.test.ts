/**
 * What a finished `ci run` tells the world besides its output: the JSON summary
 * POSTed to `notify.webhook` (a real HTTP server on 127.0.0.1), a desktop
 * notification through `notify-send` (a stand-in on PATH that records its
 * arguments), and a dead webhook as a warning that changes nothing else.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { closeWebhookServers, webhookServer } from '../helpers/webhook-server.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  await closeWebhookServers();
  await removeLocalciObjects();
  await cleanupTempDirs();
});

function project(notify: object, failing = false) {
  return createGitRepo(
    {
      'ci.config.json': JSON.stringify({
        image: BUSYBOX,
        pull: 'never',
        notify,
        jobs: { build: { steps: ['echo built'] }, check: { needs: ['build'], steps: [failing ? 'exit 7' : 'true'] } },
      }),
    },
    { commit: true },
  );
}

describe('notifications when a run ends', () => {
  it('POSTs the run summary to notify.webhook', async () => {
    const hook = await webhookServer();
    const repo = await project({ webhook: hook.url }, true);
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/localci', type: 'application/json' });
    const notice = JSON.parse(request!.body);
    const [runId] = result.stdout.match(/\d{8}-\d{6}-[0-9a-f]{4}/) ?? [];
    expect(notice).toMatchObject({ schema: 1, event: 'run-end', runId, status: 'failed', trigger: 'run', branch: 'main', dirty: false });
    expect(notice.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(notice.jobs).toEqual([
      expect.objectContaining({ job: 'build', status: 'passed' }),
      expect.objectContaining({ job: 'check', status: 'failed', exitCode: 7 }),
    ]);
    expect(notice.text).toContain('check failed');
  });

  it('pops up a desktop notification through notify-send when notify.desktop is on', async () => {
    const bin = makeTempDir('bin');
    const record = path.join(bin, 'calls.txt');
    writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(path.join(bin, 'notify-send'), 0o755);
    const repo = await project({ desktop: true });
    const result = await runCli(['run'], { cwd: repo, env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
    expect(result.exitCode, result.all).toBe(0);
    expect(existsSync(record)).toBe(true);
    const args = readFileSync(record, 'utf8').trimEnd().split('\n');
    expect(args.slice(0, 3)).toEqual(['--app-name=localci', '--urgency=normal', 'localci: passed']);
    expect(args[3]).toMatch(/run \d{8}-\d{6}-[0-9a-f]{4} passed in/);
  });

  it('only warns when the webhook cannot be reached, and a run without a terminal gets no desktop pop-up by default', async () => {
    const bin = makeTempDir('bin');
    const record = path.join(bin, 'calls.txt');
    writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\ntouch '${record}'\n`);
    chmodSync(path.join(bin, 'notify-send'), 0o755);
    // A port nothing listens on: connection refused at once.
    const dead = await webhookServer();
    dead.close();
    const repo = await project({ webhook: dead.url });
    const result = await runCli(['run'], { cwd: repo, env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/warning notify\.webhook: POST to http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED/);
    expect(result.stderr).not.toContain('/hooks/localci');
    expect(existsSync(record)).toBe(false);
  });
});
