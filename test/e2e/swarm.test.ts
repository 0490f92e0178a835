/**
 * `backend: 'swarm'`: each job a one-shot service of a Docker Swarm. The set-up errors are
 * checked against the shared engine, which is in no swarm and is never made part of one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

afterAll(async () => {
  await cleanupTempDirs();
});

describe('swarm set-up errors', () => {
  it('exits 3 with one sentence when no registry is configured, then when the engine is not a swarm manager', async () => {
    const project = await createBusyboxProject({ a: { steps: ['echo never'] } }, { config: { backend: 'swarm' } });
    const noRegistry = await runCli(['run'], { cwd: project, env: { LOCALCI_REGISTRY: undefined } });
    expect(noRegistry.exitCode, noRegistry.all).toBe(3);
    expect(noRegistry.stderr).toContain('No registry is configured for the swarm');
    expect(noRegistry.stderr).toContain('LOCALCI_REGISTRY');

    const notManager = await runCli(['run', '--backend', 'swarm'], { cwd: project, env: { LOCALCI_REGISTRY: '127.0.0.1:5000' } });
    expect(notManager.exitCode, notManager.all).toBe(3);
    expect(notManager.stderr).toMatch(/is not a swarm manager \(swarm state: inactive\)/);
    expect(notManager.stderr).toContain('`docker swarm init`');
    expect(notManager.all).not.toContain('never');
  });
});
