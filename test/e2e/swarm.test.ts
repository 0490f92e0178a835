/**
 * `backend: 'swarm'`: each job a one-shot service of a Docker Swarm. The set-up errors are
 * checked against the shared engine, which is in no swarm and is never made part of one; the
 * rest runs on a two-node swarm of the file's own (test/helpers/swarm-cluster.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { followOutput } from '../helpers/live-output.js';
import { statePath } from '../helpers/local-state.js';
import { startSwarmCluster, type SwarmCluster } from '../helpers/swarm-cluster.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX, fourJobConfig, jobLines, sampleFiles } from './sample-pipeline.js';

let swarm: SwarmCluster;

beforeAll(async () => {
  swarm = await startSwarmCluster([BUSYBOX]);
}, 120_000);

afterAll(async () => {
  await swarm?.destroy();
  await cleanupTempDirs();
}, 60_000);

/** The CLI talks to the manager; LOCALCI_REGISTRY names the registry both nodes pull from. */
const onSwarm = () => ({ DOCKER_HOST: swarm.manager.host, LOCALCI_BACKEND: 'swarm', LOCALCI_REGISTRY: swarm.registry });

/** The sample pipeline with unit held on the manager and lint on the worker (the local engine ignores `runsOn`). */
function placedSample(options: { failUnit?: boolean } = {}): Record<string, string> {
  const config = JSON.parse(fourJobConfig(options)) as { jobs: Record<string, Record<string, unknown>> };
  config.jobs.unit!.runsOn = ['role=manager'];
  config.jobs.lint!.runsOn = ['role=worker'];
  return { ...sampleFiles(options), 'ci.config.json': JSON.stringify(config, null, 2) };
}

function runDirOf(repo: string): string {
  const runs = statePath(repo, 'runs');
  return path.join(runs, readdirSync(runs).sort().at(-1)!);
}

/** What each job printed, without the lines that say where it ran. */
function jobOutput(output: string, job: string): string[] {
  return jobLines(output, job).filter((line) => !/^(✓|✗) |on swarm node/.test(line));
}

/** Services, overlay networks and containers of localci on the manager, and containers on the worker. */
async function leftovers(options: { worker?: boolean } = {}): Promise<string[]> {
  const lists = [
    swarm.docker('service', 'ls', '--filter', 'label=localci.run', '--format', 'service {{.Name}}'),
    swarm.docker('network', 'ls', '--filter', 'label=localci.run', '--format', 'network {{.Name}}'),
    swarm.docker('ps', '-a', '--filter', 'label=localci.run', '--format', 'container {{.Names}}'),
    swarm.docker('volume', 'ls', '--filter', 'label=localci.run', '--format', 'volume {{.Name}}'),
    ...(options.worker === false ? [] : [swarm.dockerOnWorker('ps', '-a', '--filter', 'label=localci.run', '--format', 'worker container {{.Names}}')]),
  ];
  return (await Promise.all(lists)).flatMap((text) => text.split('\n')).filter((line) => line !== '');
}

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

describe('jobs on a two-node swarm', () => {
  it('runs the sample pipeline on both nodes with the outputs, artifacts and exit codes of a local run', async () => {
    const repo = await createGitRepo(placedSample(), { commit: true });
    const local = await runCli(['run', '--backend', 'docker'], { cwd: repo });
    expect(local.exitCode, local.all).toBe(0);
    const remote = await runCli(['run', '--no-cache'], { cwd: repo, env: onSwarm() });
    expect(remote.exitCode, remote.all).toBe(0);
    for (const job of ['build', 'unit', 'lint', 'deploy']) expect(jobOutput(remote.stdout, job), job).toEqual(jobOutput(local.stdout, job));
    expect(readFileSync(path.join(runDirOf(repo), 'artifacts', 'build', 'dist', 'bundle.txt'), 'utf8')).toBe('alpha\nbeta\n');
    // Visibly on both nodes: unit on the manager, lint on the worker.
    expect(jobLines(remote.stdout, 'unit').join('\n')).toContain('on swarm node');
    expect(remote.stdout).toContain(swarm.managerNodeId.slice(0, 12));
    expect(remote.stdout).toContain(swarm.workerNodeId.slice(0, 12));
    expect(await leftovers({ worker: false })).toEqual([]);
    // The worker removes its task containers when the manager tells it, a moment after the run ends.
    await waitFor(async () => (await leftovers()).length === 0, { timeoutMs: 30_000, message: 'the worker to remove the run’s containers' });

    const failing = await createGitRepo(placedSample({ failUnit: true }), { commit: true });
    const localFail = await runCli(['run', '--backend', 'docker'], { cwd: failing });
    const remoteFail = await runCli(['run'], { cwd: failing, env: onSwarm() });
    expect(localFail.exitCode, localFail.all).toBe(1);
    expect(remoteFail.exitCode, remoteFail.all).toBe(1);
    expect(jobOutput(remoteFail.stdout, 'unit')).toEqual(jobOutput(localFail.stdout, 'unit'));
    expect(remoteFail.stdout).toContain('unit is failing');
  });
});

describe('stopping on a two-node swarm', () => {
  it('Ctrl-C mid-run exits 130 and leaves no service, network, container or image of the run on either node', async () => {
    const repo = await createBusyboxProject({
      // A sidecar on the run's overlay network, answered across nodes.
      talk: {
        runsOn: ['role=worker'],
        services: { db: { image: BUSYBOX, command: ['sh', '-c', 'while true; do nc -l -p 80 -e echo hi-from-db; done'] } },
        steps: ['nc db 80 </dev/null', 'echo talk-started', 'sleep 3600'],
      },
      hold: { runsOn: ['role=manager'], steps: ['echo hold-started', 'sleep 3600'] },
    });
    const child = startCli(['run'], { cwd: repo, env: onSwarm() });
    const output = followOutput(child);
    await output.waitFor('talk-started');
    await output.waitFor('hold-started');
    expect(output.text()).toContain('hi-from-db');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, output.text()).toBe(130);
    expect(await leftovers({ worker: false })).toEqual([]);
    expect(await swarm.docker('images', '--filter', 'label=localci.run', '-q')).toBe('');
    // The worker stops its tasks when the manager tells it, a moment later.
    await waitFor(async () => (await leftovers()).length === 0, { timeoutMs: 30_000, message: 'the worker to remove the run’s containers' });
  });

  it('a worker lost mid-run ends the run with exit 3, naming the node, and leaves nothing on the manager', async () => {
    const repo = await createBusyboxProject({
      far: { runsOn: ['role=worker'], steps: ['echo far-started', 'sleep 3600'] },
      near: { runsOn: ['role=manager'], steps: ['echo near-started', 'sleep 3600'] },
    });
    const child = startCli(['run'], { cwd: repo, env: onSwarm() });
    const output = followOutput(child);
    await output.waitFor('far-started');
    await output.waitFor('near-started');
    await swarm.worker.crash();
    let exitCode: number | undefined;
    void child.then((result) => (exitCode = result.exitCode), () => undefined);
    // The manager misses the node after a second of silent heartbeats (the cluster's setting),
    // more on a busy machine: the bound is a hang guard (the jobs sleep an hour), not a speed check.
    await waitFor(() => exitCode !== undefined, { timeoutMs: 60_000, message: 'the run to end after the worker was lost' });
    expect(exitCode, output.text()).toBe(3);
    expect(output.text()).toContain(`The swarm node`);
    expect(output.text()).toContain(`${swarm.workerNodeId.slice(0, 12)}) that ran job "far" was lost mid-run`);
    expect(await leftovers({ worker: false })).toEqual([]);
  });
});
