/**
 * Removes what crashed earlier runs of this project left in the engine: objects
 * labelled with this project whose owning process on this host is gone.
 * Objects of live runs (a second `ci run`, a watch) are never touched. A long-lived process
 * (a watch session) names its own runs that have ended: what their clean-up could not remove
 * (the engine was gone then) goes too.
 */
import os from 'node:os';
import type Docker from 'dockerode';
import { processAlive } from '../../util/process-alive.js';
import type { EngineApi } from './engine-api.js';
import { LABEL, labelFilter } from './labels.js';

export interface ReapResult {
  containers: number;
  networks: number;
  volumes: number;
}

type Labels = Record<string, string> | undefined;

export async function reapLeftovers(docker: Docker, projectId: string, ended: ReadonlySet<string> = new Set()): Promise<ReapResult> {
  const left = (labels: Labels) => ownerIsDead(labels) || isEndedRun(labels, ended);
  const filters = JSON.stringify(labelFilter(LABEL.project, projectId));
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const deadContainers = containers.filter((c) => left(c.Labels));
  const deadNetworks = networks.filter((n) => left(n.Labels));
  const deadVolumes = (volumes.Volumes ?? []).filter((v) => left(v.Labels as Labels));
  // Containers first: a network or volume in use cannot be removed.
  await Promise.all(deadContainers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  await Promise.all([
    ...deadNetworks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)),
    ...deadVolumes.map((v) => docker.getVolume(v.Name).remove().catch(() => undefined)),
  ]);
  return { containers: deadContainers.length, networks: deadNetworks.length, volumes: deadVolumes.length };
}

/**
 * Whether any object of this project belongs to a run that died: one cheap look on the socket,
 * so the client that removes them (dockerode) is loaded only when there is something to remove.
 */
export async function hasLeftovers(api: EngineApi, projectId: string, ended: ReadonlySet<string> = new Set()): Promise<boolean> {
  const filters = labelFilter(LABEL.project, projectId);
  const [containers, networks, volumes] = await Promise.all([api.list('containers', filters), api.list('networks', filters), api.list('volumes', filters)]);
  const objects = [containers, networks, (volumes as { Volumes?: unknown } | undefined)?.Volumes].flatMap((list) => (Array.isArray(list) ? (list as Array<{ Labels?: Labels }>) : []));
  return objects.some((object) => ownerIsDead(object.Labels ?? undefined) || isEndedRun(object.Labels ?? undefined, ended));
}

/** An object of a run of this process that has ended: its clean-up could not remove it. */
function isEndedRun(labels: Labels, ended: ReadonlySet<string>): boolean {
  const run = labels?.[LABEL.run];
  return run !== undefined && ended.has(run) && labels?.[LABEL.host] === os.hostname() && Number(labels[LABEL.pid]) === process.pid;
}

export function ownerIsDead(labels: Labels): boolean {
  if (!labels || labels[LABEL.host] !== os.hostname()) return false;
  const pid = Number(labels[LABEL.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  return !processAlive(pid);
}

