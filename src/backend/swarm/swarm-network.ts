/**
 * The overlay network of a run: jobs with services and their sidecars meet on
 * it, whichever nodes they land on.
 */
import type Docker from 'dockerode';
import { runLabels, type RunIdentity } from '../docker/labels.js';
import { retryWhileInUse } from './when-free.js';

export function runNetworkName(identity: RunIdentity): string {
  return `localci-${identity.runId}`;
}

export async function createRunNetwork(docker: Docker, identity: RunIdentity): Promise<string> {
  const name = runNetworkName(identity);
  await docker.createNetwork({ Name: name, Driver: 'overlay', Attachable: true, Labels: runLabels(identity), CheckDuplicate: true });
  return name;
}

/** Removes the network once its tasks are gone. */
export function removeNetworkWhenFree(docker: Docker, network: string): Promise<void> {
  return retryWhileInUse(() => docker.getNetwork(network).remove());
}
