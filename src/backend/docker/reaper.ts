/**
 * Removes what crashed earlier runs of this project left in the engine: objects
 * labelled with this project whose owning process on this host is gone.
 * Objects of live runs (a second `ci run`, a watch) are never touched.
 */
import os from 'node:os';
import type Docker from 'dockerode';
import { processAlive } from '../../util/process-alive.js';
import { LABEL, labelFilter } from './labels.js';

export interface ReapResult {
  containers: number;
  networks: number;
  volumes: number;
}

type Labels = Record<string, string> | undefined;

export async function reapLeftovers(docker: Docker, projectId: string): Promise<ReapResult> {
  const filters = JSON.stringify(labelFilter(LABEL.project, projectId));
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const deadContainers = containers.filter((c) => ownerIsDead(c.Labels));
  const deadNetworks = networks.filter((n) => ownerIsDead(n.Labels));
  const deadVolumes = (volumes.Volumes ?? []).filter((v) => ownerIsDead(v.Labels as Labels));
  // Containers first: a network or volume in use cannot be removed.
  await Promise.all(deadContainers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  await Promise.all([
    ...deadNetworks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)),
    ...deadVolumes.map((v) => docker.getVolume(v.Name).remove().catch(() => undefined)),
  ]);
  return { containers: deadContainers.length, networks: deadNetworks.length, volumes: deadVolumes.length };
}

export function ownerIsDead(labels: Labels): boolean {
  if (!labels || labels[LABEL.host] !== os.hostname()) return false;
  const pid = Number(labels[LABEL.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  return !processAlive(pid);
}

