/** Environment errors: no Docker engine, a missing image. Exit 3 with what to do. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX, sampleFiles } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

describe('ci run environment errors', () => {
  it('exits 3 with one line and a hint when the Docker engine is unreachable', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['run'], { cwd: repo, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(result.exitCode).toBe(3);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('error Cannot reach the Docker engine at unix:///nonexistent/docker.sock (ENOENT).');
    expect(lines[1]).toMatch(/^hint {2}Start Docker/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 naming an image that is neither local nor pullable, and the local image of its repository that can stand in', async () => {
    const config = { image: 'localci-test/busybox:does-not-exist', jobs: { a: { steps: ['true'] } } };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('Image "localci-test/busybox:does-not-exist" is not on this machine and could not be pulled');
    // A CI file names the versions CI has (node:22); this machine may have another one of the same image.
    expect(result.stderr).toContain(`LOCALCI_IMAGES='localci-test/busybox:does-not-exist=${BUSYBOX}'`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 without pulling when the pull policy is never', async () => {
    const config = { image: 'localci-test/does-not-exist:1.0', pull: 'never', jobs: { a: { steps: ['true'] } } };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('the pull policy is "never"');
  });
});
