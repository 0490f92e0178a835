/**
 * The Swarm implementation of Backend: each job runs as a one-shot service of
 * the swarm whose manager is the engine localci talks to. Its image (the job's
 * image with the workspace and upstream artifacts stacked on it) goes to the
 * nodes through the registry; its output, artifacts and reports come back
 * through the service's log; its exit code comes from the task's status.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Backend, ImageProgress, JobExit, JobIO, JobRequest, RunIdentity } from '../backend.js';
import { EnvironmentError } from '../../errors.js';
import type { Job } from '../../model/pipeline.js';
import { removeTree } from '../../state/safe-remove.js';
import { streamLines } from '../docker/attach-output.js';
import { cacheVolumeLabels, cacheVolumeName } from '../docker/cache-volumes.js';
import { guardConnection, type Engine } from '../docker/connect.js';
import { ensureImage, imagesToPrepare } from '../docker/images.js';
import { collectJobFiles } from '../docker/job-container.js';
import { LABEL, labelFilter } from '../docker/labels.js';
import { stepCommand, trackSteps } from '../docker/step-script.js';
import { forgetJobImage, publishJobImage, publishNamedImage, type JobImage } from './job-image.js';
import { jobImageRepository } from './registry-address.js';
import { oneShotSpec, placementConstraints, serviceName } from './service-spec.js';
import { pathsToShip, ShipReceiver, shippingCommand } from './shipped-files.js';
import { startSidecars } from './sidecars.js';
import { createRunNetwork, removeNetworkWhenFree } from './swarm-network.js';
import { watchTask, type TaskEnd } from './task-watch.js';
import { retryWhileInUse } from './when-free.js';

/** How long the log may trail the task's end before the job's last lines are given up (a killed job prints no end marker). */
const LOG_GRACE_MS = 3000;

export class SwarmBackend implements Backend {
  private readonly docker: Docker;
  private readonly repository: string;
  /** Services not removed yet, by id. */
  private readonly services = new Set<string>();
  private readonly removals = new Set<Promise<unknown>>();
  private readonly images = new Set<JobImage>();
  /** Named images pushed for sidecars, by name. */
  private readonly published = new Map<string, Promise<string>>();
  private network?: Promise<string>;
  /** Image ids by name, as the manager had them when the run started: jobs report the image they ran in. */
  private readonly imageIds = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    private readonly identity: RunIdentity,
    registry: string,
  ) {
    this.docker = engine.docker;
    this.repository = jobImageRepository(registry, identity.projectId);
  }

  /** Named images must be on the manager: each job's image is built from one there. */
  async prepareImages(jobs: readonly Job[], progress: ImageProgress): Promise<Map<string, string>> {
    const stepping = jobs.find((job) => job.steps.some((step) => step.container !== undefined));
    if (stepping) {
      throw new EnvironmentError(`Job "${stepping.name}" has a step that runs in a container of its own (a Docker action), which the swarm backend does not do yet.`, 'Run it with `--backend docker`.');
    }
    const built = jobs.find((job) => job.image.kind === 'build');
    if (built) {
      throw new EnvironmentError(`Job "${built.name}" builds its image from a Dockerfile, which the swarm backend does not do yet.`, 'Build and push the image yourself and name it in `image`, or use `--backend docker`.');
    }
    const images = [...imagesToPrepare(jobs)];
    const ids = await this.guard(Promise.all(images.map(([name, policy]) => ensureImage(this.docker, name, policy, progress))));
    images.forEach(([name], index) => this.imageIds.set(name, ids[index]!));
    return new Map(this.imageIds);
  }

  async runJob(request: JobRequest, io: JobIO, signal: AbortSignal): Promise<JobExit> {
    const { job } = request;
    if (job.image.kind !== 'name') throw new Error(`job "${job.name}": images built from a Dockerfile are not supported on the swarm`);
    if (signal.aborted) return { exitCode: 130 };
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'localci-swarm-'));
    let serviceId: string | undefined;
    let image: JobImage | undefined;
    try {
      const network = job.services.length === 0 ? undefined : await this.guard(this.networkFor());
      if (network !== undefined) {
        const context = { docker: this.docker, identity: this.identity, network, publish: (name: string) => this.publishNamed(name), track: (id: string) => this.services.add(id), log: (line: string) => io.log('system', line) };
        await this.guard(startSidecars(context, job, signal));
      }
      image = await this.guard(publishJobImage(this.docker, this.identity, request, job.image.name, this.repository));
      this.images.add(image);
      if (signal.aborted) return { exitCode: 130 };
      const steps = stepCommand(job.steps);
      const paths = pathsToShip(job);
      const { filter: stdout, failedStep } = trackSteps(steps.marker, io);
      const receiver = new ShipReceiver(steps.marker, paths, scratch, (line, continues) => stdout.line(line, continues));
      const spec = oneShotSpec(serviceName(this.identity, job.name), {
        identity: this.identity,
        job,
        image: image.reference,
        command: shippingCommand(steps, paths),
        env: request.env,
        ...(network === undefined ? {} : { network: { name: network, aliases: [job.name.replace(/[^A-Za-z0-9-]+/g, '-')] } }),
        mounts: cacheMounts(this.identity.projectId, request.caches),
      });
      const created = (await this.guard(this.docker.createService(spec))) as { id?: string; ID?: string };
      serviceId = created.id ?? created.ID!;
      this.services.add(serviceId);
      const logs = (await this.guard(this.docker.getService(serviceId).logs({ follow: true, stdout: true, stderr: true }))) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
      const output = streamLines(this.docker, logs, (line, continues) => receiver.line(line, continues), (line, continues) => io.log('stderr', line, continues));
      let end: TaskEnd | undefined;
      try {
        const constraints = placementConstraints(job);
        end = await this.guard(
          watchTask(this.docker, serviceId, { job: job.name, constraints, onPlaced: (node) => io.log('system', `on swarm node ${node}`), onQueued: (detail) => io.log('system', `waiting for a node with free resources (${detail})`) }, signal),
        );
        if (end) await receiver.untilEnd(output.ended, LOG_GRACE_MS).catch(() => undefined);
      } finally {
        logs.destroy?.();
      }
      stdout.flush();
      if (!end || signal.aborted) return { exitCode: 130 };
      await receiver.untilEnd(output.ended, 0);
      await collectJobFiles(receiver, request, end.exitCode, io);
      const imageId = this.imageIds.get(job.image.name);
      const ran = imageId === undefined ? {} : { imageId };
      if (end.exitCode === 0) return { exitCode: 0, ...ran };
      const step = failedStep();
      const reason = await this.killReason(end, job.memoryBytes);
      return { exitCode: end.exitCode, ...ran, ...(step === undefined ? {} : { failedStep: step }), ...(reason === undefined ? {} : { reason }) };
    } finally {
      // The image goes once the service's task has let go of it.
      const removed = serviceId === undefined ? Promise.resolve() : this.removeService(serviceId);
      if (image) this.forget(image, removed);
      await removeTree(scratch, os.tmpdir()).catch(() => undefined);
    }
  }

  async cleanup(): Promise<void> {
    // Also what a job being set up registered after we looked: the labels find every one.
    const labelled = await this.docker.listServices({ filters: JSON.stringify(labelFilter(LABEL.run, this.identity.runId)) }).catch(() => []);
    for (const service of labelled) this.services.add(service.ID);
    const removed = Promise.all([...this.services].map((id) => this.removeService(id)));
    for (const image of [...this.images]) this.forget(image, removed);
    await Promise.all(this.removals);
    // The tasks' containers go a moment after their services: the manager's own are waited for, so the run leaves nothing there.
    await untilNoContainers(this.docker, this.identity.runId);
    // Sidecar images keep their own name on the manager: only the registry tag goes.
    const tags = await Promise.all([...this.published.values()].map((published) => published.catch(() => undefined)));
    await Promise.all(tags.map((reference) => reference && this.docker.getImage(reference).remove({ noprune: true }).catch(() => undefined)));
    const network = await this.network?.catch(() => undefined);
    // The network goes last: the swarm refuses to remove one that tasks still use.
    if (network) await removeNetworkWhenFree(this.docker, network);
  }

  /** The run's overlay network, made on first use by a job with services. */
  private networkFor(): Promise<string> {
    this.network ??= createRunNetwork(this.docker, this.identity);
    return this.network;
  }

  private publishNamed(name: string): Promise<string> {
    let published = this.published.get(name);
    if (!published) {
      published = publishNamedImage(this.docker, name, this.repository);
      this.published.set(name, published);
    }
    return published;
  }

  /** Explains a kill the engine did: out of memory, when the manager ran the task and can tell, or probably so. */
  private async killReason(end: TaskEnd, memoryBytes: number | undefined): Promise<string | undefined> {
    if (end.exitCode !== 137 || memoryBytes === undefined) return undefined;
    const limit = ` (limit ${Math.round(memoryBytes / 1024 / 1024)} MiB)`;
    const info = end.containerId ? await this.docker.getContainer(end.containerId).inspect().catch(() => undefined) : undefined;
    if (info?.State.OOMKilled) return `killed: out of memory${limit}`;
    return `killed (exit 137), probably out of memory${limit}`;
  }

  private removeService(id: string): Promise<unknown> {
    if (!this.services.delete(id)) return Promise.resolve();
    return this.track(this.docker.getService(id).remove().catch(() => undefined));
  }

  private forget(image: JobImage, after: Promise<unknown>): void {
    if (!this.images.delete(image)) return;
    this.track(after.then(() => forgetJobImage(this.docker, image)));
  }

  private track(work: Promise<unknown>): Promise<unknown> {
    const removal = work.finally(() => this.removals.delete(removal));
    this.removals.add(removal);
    return removal;
  }

  /** Turns a lost connection to the manager into the one environment error users see. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return guardConnection(this.engine.address, work);
  }
}

/** Waits (a bounded while) until the manager holds no container of the run. */
async function untilNoContainers(docker: Docker, runId: string): Promise<void> {
  const filters = JSON.stringify(labelFilter(LABEL.run, runId));
  await retryWhileInUse(async () => {
    const left = await docker.listContainers({ all: true, filters });
    if (left.length > 0) throw Object.assign(new Error('containers still stopping'), { statusCode: 409 });
  });
}

/** Dependency caches: a volume of the same name on whichever node runs the job (each node keeps its own). */
function cacheMounts(projectId: string, caches: JobRequest['caches']): Docker.MountSettings[] {
  return caches.map(({ key, target }) => ({
    Type: 'volume' as const,
    Source: cacheVolumeName(projectId, key, target),
    Target: target,
    VolumeOptions: { NoCopy: false, Labels: cacheVolumeLabels(projectId, key, target), DriverConfig: { Name: 'local', Options: {} } },
  }));
}
