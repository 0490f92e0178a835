/**
 * The spec of a one-shot Swarm service: one replica that is never restarted,
 * labelled with the run, limited and reserved by the job's `cpus` and
 * `memory`, placed by its `runsOn` node labels. Sidecars get the same shape.
 */
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import type { Job } from '../../model/pipeline.js';
import { runLabels, type RunIdentity } from '../docker/labels.js';

export interface OneShot {
  identity: RunIdentity;
  job: Job;
  image: string;
  command: string[];
  env: Record<string, string>;
  /** The run's overlay network, with the names others reach this task by. */
  network?: { name: string; aliases: string[] };
  /** Extra labels (a sidecar's service name). */
  labels?: Record<string, string>;
  mounts?: Docker.MountSettings[];
  /** Sidecars get no working directory of ours and no resources of the job. */
  sidecar?: boolean;
  /** A shell command that exits 0 once the task is ready; the swarm waits for it before it says "running". */
  healthcheck?: string;
}

const SECOND_NS = 1e9;

/** Service names are at most 63 characters of [a-zA-Z0-9-]; labels say exactly which job it is. */
export function serviceName(identity: RunIdentity, job: string, role = 'job'): string {
  const readable = job.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 20);
  const id = createHash('sha256').update(`${identity.runId}\0${job}\0${role}\0${Math.random()}`).digest('hex').slice(0, 8);
  return `localci-${identity.runId}-${role}-${readable || 'job'}-${id}`.slice(0, 63).replace(/-+$/, '');
}

export function placementConstraints(job: Pick<Job, 'runsOn'>): string[] {
  return (job.runsOn ?? []).map((label) => {
    const at = label.indexOf('=');
    return `node.labels.${label.slice(0, at)}==${label.slice(at + 1)}`;
  });
}

export function oneShotSpec(name: string, shot: OneShot): Docker.CreateServiceOptions {
  const { job } = shot;
  const labels = { ...runLabels(shot.identity, job.name), ...shot.labels };
  const nanoCpus = job.cpus === undefined || shot.sidecar ? undefined : Math.round(job.cpus * 1e9);
  const memory = shot.sidecar ? undefined : job.memoryBytes;
  const resources = { ...(nanoCpus === undefined ? {} : { NanoCPUs: nanoCpus }), ...(memory === undefined ? {} : { MemoryBytes: memory }) };
  return {
    Name: name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: shot.image,
        ...(shot.command.length > 0 ? { Command: shot.command } : {}),
        ...(shot.sidecar ? {} : { Dir: WORKSPACE_DIR }),
        Env: Object.entries(shot.env).map(([key, value]) => `${key}=${value}`),
        Labels: labels,
        Mounts: shot.mounts ?? [],
        // Cancelling stops the task at once, as a local job's container is killed.
        StopGracePeriod: 0,
        ...(shot.healthcheck ? { HealthCheck: { Test: ['CMD-SHELL', shot.healthcheck], Interval: SECOND_NS, Timeout: 5 * SECOND_NS, Retries: 60 } } : {}),
      },
      Resources: { Limits: { ...resources, Pids: job.pidsLimit }, Reservations: resources },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      Placement: { Constraints: placementConstraints(job) },
      Networks: shot.network ? [{ Target: shot.network.name, Aliases: shot.network.aliases }] : [],
    },
    Mode: { Replicated: { Replicas: 1 } },
    // DNS names straight to the task: no virtual IP, which needs IPVS on every node.
    EndpointSpec: { Mode: 'dnsrr' },
  };
}
