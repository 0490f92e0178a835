/**
 * Folders a job's container shares with the containers of its steps
 * (model/step-container.ts), as volumes those containers mount too: the shared
 * state folder always, and the workspace when it is copied in rather than
 * mounted (a workspace overlay is a volume already). A job without container
 * steps gets none.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Job } from '../../model/pipeline.js';
import { SHARED_STATE_DIR } from '../../model/step-container.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { runLabels, type RunIdentity } from './labels.js';

export function hasContainerSteps(job: Job): boolean {
  return job.steps.some((step) => step.container !== undefined);
}

export async function sharedVolumes(docker: Docker, identity: RunIdentity, job: Job, options: { workspace: boolean }): Promise<{ mounts: Docker.MountSettings[]; volumes: string[] }> {
  if (!hasContainerSteps(job)) return { mounts: [], volumes: [] };
  const base = `localci-${identity.runId}-${randomBytes(4).toString('hex')}`;
  const targets: Array<[string, string]> = [[`${base}-state`, SHARED_STATE_DIR], ...(options.workspace ? [[`${base}-shared-ws`, WORKSPACE_DIR] as [string, string]] : [])];
  await Promise.all(targets.map(([name]) => docker.createVolume({ Name: name, Labels: runLabels(identity, job.name) })));
  return { mounts: targets.map(([name, target]) => ({ Type: 'volume', Source: name, Target: target })), volumes: targets.map(([name]) => name) };
}
