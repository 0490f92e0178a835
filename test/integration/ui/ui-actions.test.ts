/**
 * The page's actions on a real loopback socket: cancel and re-run are POST only, with the token
 * in a header (not the URL), never from another site (Origin, Sec-Fetch-Site), JSON only, a
 * small body; a re-run names a job of the project's own runs, or the failed jobs of one of its
 * runs, and `ci ui` starts it as a `ci run` process with the names after `--`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../src/run/events.js';
import type { Rerun } from '../../../src/ui/rerun-request.js';
import { SpawnedRuns } from '../../../src/ui/spawned-runs.js';
import { startUiServer, type UiServer } from '../../../src/ui/ui-server.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';
import { callUi, tokenOf } from '../../helpers/ui-client.js';
import { waitFor } from '../../helpers/wait-for.js';
import { makeRecord, writeRuns } from '../../unit/history/stored-run.js';

let server: UiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await cleanupTempDirs();
});

const job = (name: string, status: JobStatus) => ({ job: name, status, durationMs: 10, attempts: 1 });

/** A project whose one run planned build, unit and lint; unit failed. */
function projectWithRun(): string {
  const root = makeTempDir('ui-project');
  const plan = ['build', 'unit', 'lint'].map((name) => ({ job: name, needs: [], image: 'busybox' }));
  writeRuns(root, [makeRecord('r1', { status: 'failed', plan, jobs: [job('build', 'passed'), job('unit', 'failed'), job('lint', 'passed')] })]);
  return root;
}

async function serve(root: string) {
  const started: Rerun[] = [];
  let cancels = 0;
  server = await startUiServer({ root, actions: { rerun: (rerun) => (started.push(rerun), true), cancel: () => (cancels += 1) > 0 } });
  const token = tokenOf(server.url);
  const json = { 'x-localci-token': token, 'content-type': 'application/json' };
  const post = (pathname: string, body: unknown, headers: Record<string, string> = json) => callUi(server!.port, pathname, headers, 'POST', JSON.stringify(body));
  return { started, cancels: () => cancels, token, json, post };
}

describe('ci ui actions', () => {
  it('re-run a job of the project, or the failed jobs of one of its runs', async () => {
    const { started, post } = await serve(projectWithRun());
    expect((await post('/api/rerun', { job: 'lint' })).status).toBe(202);
    const failed = await post('/api/rerun', { failedOf: 'r1' });
    expect([failed.status, JSON.parse(failed.body)]).toEqual([202, { jobs: ['unit'] }]);
    expect(started).toEqual([{ jobs: ['lint'], fresh: true }, { jobs: ['unit'], fresh: false }]);
  });

  it('only jobs of this project: unknown names, option-like names and unknown runs start nothing', async () => {
    const { started, post } = await serve(projectWithRun());
    for (const body of [{ job: 'deploy' }, { job: '--config=/tmp/evil.mjs' }, { job: '-c' }, { failedOf: 'r2' }, { failedOf: '../r1' }]) {
      expect([body, (await post('/api/rerun', body)).status]).toEqual([body, 404]);
    }
    expect((await post('/api/rerun', { job: ['unit'] })).status).toBe(400);
    expect((await post('/api/rerun', { jobs: ['unit'] })).status).toBe(400);
    expect(started).toEqual([]);
  });

  it('refuses actions that a page of another site could send: GET, token in the URL only, cross-site, foreign origin, not JSON', async () => {
    const { started, cancels, token, json, post } = await serve(projectWithRun());
    const port = server!.port;
    const body = { job: 'unit' };
    const refused = [
      ['GET', await callUi(port, '/api/rerun', json)],
      ['no token', await post('/api/rerun', body, { 'content-type': 'application/json' })],
      ['token in the URL', await callUi(port, `/api/rerun?token=${token}`, { 'content-type': 'application/json' }, 'POST', JSON.stringify(body))],
      ['cross-site', await post('/api/rerun', body, { ...json, 'sec-fetch-site': 'cross-site' })],
      ['same-site', await post('/api/cancel', {}, { ...json, 'sec-fetch-site': 'same-site' })],
      ['foreign origin', await post('/api/rerun', body, { ...json, origin: 'http://evil.example' })],
      ['foreign host', await post('/api/cancel', {}, { ...json, host: `evil.example:${port}` })],
      ['form post', await callUi(port, '/api/rerun', { 'x-localci-token': token, 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'job=unit')],
      ['text/plain', await post('/api/cancel', {}, { 'x-localci-token': token, 'content-type': 'text/plain' })],
      ['too large', await post('/api/rerun', { job: 'unit', padding: 'x'.repeat(10_000) })],
    ] as const;
    expect(refused.map(([name, answer]) => [name, answer.status])).toEqual([
      ['GET', 405], ['no token', 403], ['token in the URL', 403], ['cross-site', 403], ['same-site', 403], ['foreign origin', 403],
      ['foreign host', 403], ['form post', 415], ['text/plain', 415], ['too large', 413],
    ]);
    expect([started, cancels()]).toEqual([[], 0]);
    // The same request from the page itself goes through.
    expect((await post('/api/rerun', body, { ...json, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(202);
  });

  it('a session that cannot start runs or has none to cancel says so', async () => {
    server = await startUiServer({ root: projectWithRun() });
    const headers = { 'x-localci-token': tokenOf(server.url), 'content-type': 'application/json' };
    expect((await callUi(server.port, '/api/rerun', headers, 'POST', '{"job":"unit"}')).status).toBe(409);
    expect((await callUi(server.port, '/api/cancel', headers, 'POST', '{}')).status).toBe(409);
  });

  it('ci ui starts a re-run as a ci run process, job names after --, one at a time; cancel interrupts it', async () => {
    const dir = makeTempDir('ui-cli');
    const argvFile = path.join(dir, 'argv.json');
    // Stands for the CLI: notes its arguments, then waits for the interrupt and notes it.
    const fake = path.join(dir, 'fake-ci.mjs');
    writeFileSync(fake, `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));
process.on('SIGINT', () => { writeFileSync(${JSON.stringify(argvFile)} + '.int', 'interrupted'); process.exit(130); });
setInterval(() => {}, 1000);
`);
    const root = makeTempDir('ui-project');
    const runs = new SpawnedRuns(root, [process.execPath, fake]);
    try {
      expect(runs.cancel()).toBe(false);
      expect(runs.start({ jobs: ['unit', 'lint'], fresh: false })).toBe(true);
      expect(runs.start({ jobs: ['unit'], fresh: true })).toMatch(/still going/);
      await waitFor(() => existsSync(argvFile), { message: 'the run process to start' });
      await waitFor(() => readFileSync(argvFile, 'utf8').endsWith('}'), { message: 'its arguments written' });
      const seen = JSON.parse(readFileSync(argvFile, 'utf8')) as unknown;
      expect(seen).toEqual({ args: ['run', '--cwd', root, '--plain', '--', 'unit', 'lint'], cwd: root });
      expect(runs.cancel()).toBe(true);
      await runs.close();
      expect(readFileSync(`${argvFile}.int`, 'utf8')).toBe('interrupted');
    } finally {
      await runs.close();
    }
  });
});
