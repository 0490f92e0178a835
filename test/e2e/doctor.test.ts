/**
 * `ci doctor` against the real engine: a ready project (exit 0), a missing image
 * that may not be pulled (exit 1), images a registry on loopback can or cannot
 * provide (asked, never pulled), Docker unreachable (exit 3), and proxy
 * settings named without ever printing their credentials.
 */
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { startRegistry } from '../helpers/registry.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(cleanupTempDirs);

const config = (image: string) => JSON.stringify({ image, pull: 'never', jobs: { build: { steps: ['true'] } } });

describe('ci doctor', () => {
  it('passes on a ready project, listing Docker, images, hook, disk, trust and proxy', async () => {
    const repo = await createGitRepo({ 'ci.config.json': config(BUSYBOX) }, { commit: true });
    expect((await runCli(['hook', 'install'], { cwd: repo })).exitCode).toBe(0);
    const result = await runCli(['doctor'], { cwd: repo, env: { HTTPS_PROXY: 'http://alice:s3cret@127.0.0.1:3128', NO_PROXY: 'localhost' } });
    expect(result.exitCode, result.all).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^✓ config\s+ci\.config\.json: 1 job, valid$/),
        expect.stringMatching(/^✓ docker\s+Docker \S+ \(API [\d.]+\) at /),
        expect.stringMatching(new RegExp(`^✓ image\\s+${BUSYBOX}: present \\(sha256:[0-9a-f]{12}\\)$`)),
        expect.stringMatching(/^✓ hook\s+pre-push hook installed: .*\.git\/hooks\/pre-push$/),
        expect.stringMatching(/^✓ disk\s+[\d.]+ GB free for .*\.git\/localci\/node_modules\//),
        expect.stringMatching(/^✓ proxy\s+HTTPS_PROXY, NO_PROXY passed on to jobs .*host\.docker\.internal/),
      ]),
    );
    expect(result.stdout).not.toContain('s3cret');
    expect(result.stdout).not.toContain('alice');
    expect(lines).toContain('All essential checks passed (1 warning).');

    const json = JSON.parse((await runCli(['doctor', '--json'], { cwd: repo })).stdout);
    expect(json).toMatchObject({ schema: 1, exitCode: 0 });
    expect(json.checks.map((check: { area: string }) => check.area)).toEqual(expect.arrayContaining(['config', 'docker', 'image', 'hook', 'disk', 'trust', 'proxy']));
  });

  it('fails with a fix when an image is missing and may not be pulled, and advises installing the hook', async () => {
    const repo = await createGitRepo({ 'ci.config.json': config('localci-test/absent:1') }, { commit: true });
    const result = await runCli(['doctor'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toMatch(/^✗ image\s+localci-test\/absent:1: not on this machine, and its pull policy is "never"\n\s+fix: build or load it/m);
    expect(result.stdout).toMatch(/^! hook\s+pre-push hook not installed.*\n\s+fix: ci hook install$/m);
    expect(result.stdout).toMatch(/1 check failed/);
  });

  it('exits 3 when Docker is unreachable, still checking what it can', async () => {
    const repo = await createGitRepo({ 'ci.config.json': config(BUSYBOX) }, { commit: true });
    const result = await runCli(['doctor'], { cwd: repo, env: { DOCKER_HOST: 'tcp://127.0.0.1:9' } });
    expect(result.exitCode, result.all).toBe(3);
    expect(result.stdout).toMatch(/^✗ docker\s+Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\.\n\s+fix: /m);
    expect(result.stdout).toMatch(/^✓ config/m);
    expect(result.stdout).toMatch(/^! image\s+not checked: Docker is unreachable/m);
    expect(result.stdout).toContain('Docker is unreachable.');
  });

  it('reports a broken config as a failed check rather than an error', async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify({ jobs: { build: { steps: [], nope: 1 } } }) }, { commit: true });
    const result = await runCli(['doctor'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toMatch(/^✗ config\s+ci\.config\.json: jobs\.build/m);
    expect(result.stdout).toMatch(/^✓ docker/m);
  });

  it('asks the registry whether a missing image could be pulled, without pulling it', async () => {
    const registry = await startRegistry();
    const pullable = `${registry.host}/localci-test/doctor:1`;
    const unknown = `${registry.host}/localci-test/never-pushed:1`;
    try {
      await execa('docker', ['tag', BUSYBOX, pullable]);
      await execa('docker', ['push', pullable]);
      await execa('docker', ['rmi', pullable]);
      const repo = await createGitRepo(
        { 'ci.config.json': JSON.stringify({ image: pullable, jobs: { a: { steps: ['true'] }, b: { image: unknown, steps: ['true'] } } }) },
        { commit: true },
      );
      const result = await runCli(['doctor'], { cwd: repo });
      expect(result.exitCode, result.all).toBe(1);
      expect(result.stdout).toContain(`✓ image   ${pullable}: not present yet, pullable (pulled by the first run that needs it)`);
      expect(result.stdout).toMatch(new RegExp(`✗ image\\s+${unknown.replace(/[.]/g, '\\.')}: not present, and its registry cannot provide it`));
      expect((await execa('docker', ['image', 'inspect', pullable], { reject: false })).exitCode).not.toBe(0);
    } finally {
      await execa('docker', ['rmi', '-f', pullable], { reject: false });
      await registry.stop();
    }
  }, 180_000);
});
