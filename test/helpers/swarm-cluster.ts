/**
 * A two-node Docker Swarm of the test's own: two private engines, each in a
 * network namespace the test makes, joined by a veth pair between those
 * namespaces (nothing of this machine's own network is touched), and a
 * registry (Debian's docker-registry) in the manager's namespace that both
 * nodes pull from. The shared engine never joins any swarm.
 * The manager misses a node after one second without heartbeats, so a lost
 * node shows within seconds.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { execa } from 'execa';
import { startPrivateEngine, type PrivateEngine } from './private-engine.js';
import { startRegistry, type Registry } from './registry.js';

export interface SwarmCluster {
  manager: PrivateEngine;
  worker: PrivateEngine;
  /** `address:port` of the registry both nodes pull from. */
  registry: string;
  managerNodeId: string;
  workerNodeId: string;
  /** Runs the docker CLI against the manager. */
  docker(...args: string[]): Promise<string>;
  /** Runs the docker CLI against the worker's own engine. */
  dockerOnWorker(...args: string[]): Promise<string>;
  destroy(): Promise<void>;
}

const PATH = { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` };

async function ip(...args: string[]): Promise<void> {
  await execa('ip', args, { env: PATH });
}

/** Starts the swarm; the manager gets `images` (jobs' images are built on it), the worker pulls what it needs. */
export async function startSwarmCluster(images: string[]): Promise<SwarmCluster> {
  const id = randomBytes(3).toString('hex');
  const [managerNs, workerNs] = [`localci-test-${id}-m`, `localci-test-${id}-w`];
  // A /24 of 10.251.0.0/16 picked at random, so parallel files do not meet.
  const prefix = `10.251.${randomInt(256)}`;
  const [managerIp, workerIp] = [`${prefix}.1`, `${prefix}.2`];
  const made: { registry?: Registry; manager?: PrivateEngine; worker?: PrivateEngine } = {};
  const destroy = async () => {
    await made.worker?.destroy();
    await made.manager?.destroy();
    await made.registry?.stop();
    for (const ns of [managerNs, workerNs]) await execa('ip', ['netns', 'delete', ns], { env: PATH, reject: false });
  };
  try {
    await ip('netns', 'add', managerNs);
    await ip('netns', 'add', workerNs);
    const [managerLink, workerLink] = [`lsm${id}`, `lsw${id}`];
    await ip('link', 'add', managerLink, 'type', 'veth', 'peer', 'name', workerLink);
    for (const [ns, link, address] of [[managerNs, managerLink, managerIp], [workerNs, workerLink, workerIp]] as const) {
      await ip('link', 'set', link, 'netns', ns);
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', link);
      await ip('-n', ns, 'link', 'set', link, 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    made.registry = await startRegistry({ netns: managerNs, address: managerIp });
    const daemonArgs = [`--insecure-registry=${prefix}.0/24`];
    [made.manager, made.worker] = await Promise.all([startPrivateEngine(images, { netns: managerNs, daemonArgs }), startPrivateEngine([], { netns: workerNs, daemonArgs })]);
    const { manager, worker } = made;
    const on = (engine: PrivateEngine) => async (...args: string[]) => (await execa('docker', args, { env: { DOCKER_HOST: engine.host } })).stdout.trim();
    const docker = on(manager);
    await docker('swarm', 'init', '--advertise-addr', managerIp, '--listen-addr', `${managerIp}:2377`, '--dispatcher-heartbeat', '1s');
    const token = await docker('swarm', 'join-token', '-q', 'worker');
    await on(worker)('swarm', 'join', '--token', token, '--advertise-addr', workerIp, '--listen-addr', `${workerIp}:2377`, `${managerIp}:2377`);
    const managerNodeId = await docker('info', '--format', '{{.Swarm.NodeID}}');
    const workerNodeId = await on(worker)('info', '--format', '{{.Swarm.NodeID}}');
    await docker('node', 'update', '--label-add', 'role=manager', managerNodeId);
    await docker('node', 'update', '--label-add', 'role=worker', workerNodeId);
    return { manager, worker, registry: made.registry.host, managerNodeId, workerNodeId, docker, dockerOnWorker: on(worker), destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}
