/** Images that are not local are pulled (with progress) from a real registry on loopback. */
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { startRegistry, type Registry } from '../helpers/registry.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

let registry: Registry;
let image: string;

beforeAll(async () => {
  registry = await startRegistry();
  image = `${registry.host}/localci-test/pulled:1`;
  await execa('docker', ['tag', BUSYBOX, image]);
  await execa('docker', ['push', image]);
  await execa('docker', ['rmi', image]);
}, 180_000);

afterAll(async () => {
  await execa('docker', ['rmi', '-f', image], { reject: false });
  await registry?.stop();
});

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

describe('pulling images', () => {
  it('pulls a missing image with the default if-missing policy, then uses the local copy', async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify({ image, jobs: { a: { steps: ['echo pulled-ok'] } } }) }, { commit: true });
    const first = await runCli(['run'], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toContain('pulled-ok');
    expect(first.stdout).toContain(`pulling ${image}`);
    const present = await execa('docker', ['image', 'inspect', image], { reject: false });
    expect(present.exitCode).toBe(0);

    const second = await runCli(['run'], { cwd: repo });
    expect(second.exitCode, second.all).toBe(0);
    expect(second.stdout).not.toContain('pulling');
  });

  it("pulls again with pull: 'always'", async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify({ image, pull: 'always', jobs: { a: { steps: ['true'] } } }) }, { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
  });
});
