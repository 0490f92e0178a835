/**
 * A job's sidecar services (`services: { db: … }`) on the swarm: each a
 * one-shot service on the run's overlay network, reachable from the job by its
 * name on whichever node it lands. Its image goes through the registry like a
 * job's; ready means its task runs (after its healthcheck passed, when it has one).
 */
import type Docker from 'dockerode';
import type { Job, Service } from '../../model/pipeline.js';
import type { RunIdentity } from '../docker/labels.js';
import { oneShotSpec, serviceName } from './service-spec.js';
import { watchTask } from './task-watch.js';

export interface SidecarContext {
  docker: Docker;
  identity: RunIdentity;
  network: string;
  /** Pushes a named image to the registry, resolving with the reference nodes pull. */
  publish(image: string): Promise<string>;
  /** Registers a created service so the run removes it whatever happens next. */
  track(serviceId: string): void;
  log(line: string): void;
}

export async function startSidecars(context: SidecarContext, job: Job, signal: AbortSignal): Promise<void> {
  await Promise.all(job.services.map((service) => startSidecar(context, job, service, signal)));
}

async function startSidecar(context: SidecarContext, job: Job, service: Service, signal: AbortSignal): Promise<void> {
  if (service.image.kind !== 'name') throw new Error(`service "${service.name}": building its image from a Dockerfile is not supported`);
  const image = await context.publish(service.image.name);
  const spec = oneShotSpec(serviceName(context.identity, job.name, service.name), {
    identity: context.identity,
    job,
    image,
    command: service.command ?? [],
    env: service.env,
    network: { name: context.network, aliases: [service.name] },
    labels: { 'localci.service': service.name },
    sidecar: true,
    // The swarm reports the task running only once the check passed.
    ...(service.healthcheck ? { healthcheck: service.healthcheck } : {}),
  });
  const created = (await context.docker.createService(spec)) as { id?: string; ID?: string };
  const id = created.id ?? created.ID!;
  context.track(id);
  context.log(`service ${service.name} (${service.image.name}) created; waiting until it is ready`);
  let up = false;
  const watching = new AbortController();
  const stop = () => watching.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    const ready = () => {
      up = true;
      watching.abort();
    };
    const placed = (node: string) => context.log(`service ${service.name} placed on swarm node ${node}`);
    const end = await watchTask(context.docker, id, { job: job.name, constraints: [], onPlaced: placed, onRunning: ready }, watching.signal);
    if (!up && end) throw new Error(`service "${service.name}" exited with code ${end.exitCode} before it was ready`);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
