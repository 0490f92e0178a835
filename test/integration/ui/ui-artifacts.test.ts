/**
 * A job's artifacts through `ci ui`: listed per run and downloaded as attachments of an opaque
 * type (an HTML file a job left never renders as a page of the server); only files below the
 * job's artifact folder of a run of this project, with the token; no `..`, no absolute path, and
 * no link followed, neither a link file nor a link folder, nor a job folder that is a link.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobArtifactsDir } from '../../../src/model/job-files.js';
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

const SECRET = 'secret-outside-the-store';
const PAGE = '<html><script>fetch("/api/rerun")</script></html>';

/** A run whose job `build` left files, a link to a file outside, a link to a folder outside; job `evil`'s folder is itself a link. */
async function serveProject() {
  const root = makeTempDir('ui-project');
  const outside = makeTempDir('ui-outside');
  writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  const plan = ['build', 'evil'].map((job) => ({ job, needs: [], image: 'busybox' }));
  const [runDir] = writeRuns(root, [makeRecord('r1', { plan, jobs: [{ job: 'build', status: 'passed', durationMs: 1, attempts: 1 }] })]);
  const build = jobArtifactsDir(runDir!, 'build');
  mkdirSync(path.join(build, 'dist'), { recursive: true });
  writeFileSync(path.join(build, 'dist', 'app.js'), 'console.log(1)\n');
  writeFileSync(path.join(build, 'report ü.html'), PAGE);
  symlinkSync(path.join(outside, 'secret.txt'), path.join(build, 'link-out.txt'));
  symlinkSync(outside, path.join(build, 'linked-dir'));
  mkdirSync(path.dirname(jobArtifactsDir(runDir!, 'evil')), { recursive: true });
  symlinkSync(outside, jobArtifactsDir(runDir!, 'evil'));
  writeFileSync(path.join(runDir!, 'secret-of-run.txt'), SECRET);
  server = await startUiServer({ root });
  const token = tokenOf(server.url);
  const get = (pathname: string, params: Record<string, string>, withToken = true) =>
    callUi(server!.port, `${pathname}?${new URLSearchParams({ ...params, ...(withToken ? { token } : {}) })}`);
  return { get };
}

describe('ci ui artifacts', () => {
  it('lists the regular files of each job of a run, no links', async () => {
    const { get } = await serveProject();
    const answer = await get('/api/artifacts', { run: 'r1' });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, [{ job: 'build', files: [{ path: 'report ü.html', bytes: PAGE.length }, { path: 'dist/app.js', bytes: 15 }], more: false }]]);
  });

  it('sends a file as an attachment of an opaque type, an HTML file too', async () => {
    const { get } = await serveProject();
    const script = await get('/api/artifact', { run: 'r1', job: 'build', path: 'dist/app.js' });
    expect([script.status, script.body]).toEqual([200, 'console.log(1)\n']);
    expect(script.headers['content-disposition']).toBe(`attachment; filename="app.js"; filename*=UTF-8''app.js`);
    const page = await get('/api/artifact', { run: 'r1', job: 'build', path: 'report ü.html' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('application/octet-stream');
    expect(page.headers['content-disposition']).toBe(`attachment; filename="report _.html"; filename*=UTF-8''report%20%C3%BC.html`);
    expect(page.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never serves a file outside the job artifact folder: no .., no absolute path, no link followed, no other run', async () => {
    const { get } = await serveProject();
    const ofBuild = ['../../secret-of-run.txt', 'dist/../../../secret-of-run.txt', '/etc/passwd', '..\\..\\secret-of-run.txt', 'link-out.txt', 'linked-dir/secret.txt', 'dist', ''];
    const attempts = [
      ...ofBuild.map((file) => ({ run: 'r1', job: 'build', path: file })),
      // A job folder that is a link, a job name that climbs, a job the run does not have, runs that are not the project's.
      { run: 'r1', job: 'evil', path: 'secret.txt' }, { run: 'r1', job: '../r1', path: 'secret-of-run.txt' }, { run: 'r1', job: 'deploy', path: 'dist/app.js' },
      { run: '..', job: 'build', path: 'dist/app.js' }, { run: 'r2', job: 'build', path: 'dist/app.js' },
    ];
    for (const params of attempts) {
      const answer = await get('/api/artifact', params);
      expect([params, answer.status]).toEqual([params, 404]);
      expect(answer.body).not.toContain(SECRET);
    }
    expect((await get('/api/artifacts', { run: '..' })).status).toBe(404);
  });

  it('refuses listing and download without the token', async () => {
    const { get } = await serveProject();
    expect((await get('/api/artifacts', { run: 'r1' }, false)).status).toBe(403);
    const answer = await get('/api/artifact', { run: 'r1', job: 'build', path: 'dist/app.js' }, false);
    expect([answer.status, answer.body]).not.toContain('console.log(1)\n');
    expect(answer.status).toBe(403);
  });
});
