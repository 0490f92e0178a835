/**
 * The overlay network of a run: jobs with services and their sidecars meet on
 * it, whichever nodes they land on. A network that tasks still use cannot be
 * removed, and removing a service stops its tasks only a moment later.
 */
import type Docker from 'dockerode';
import { runLabels, type RunIdentity } from '../docker/labels.js';

export function runNetworkName(identity: RunIdentity): string {
  return `localci-${identity.runId}`;
}

export async function createRunNetwork(docker: Docker, identity: RunIdentity): Promise<string> {
  const name = runNetworkName(identity);
  await docker.createNetwork({ Name: name, Driver: 'overlay', Attachable: true, Labels: runLabels(identity), CheckDuplicate: true });
  return name;
}

/** How long removed services' tasks get to let go of the network. */
const FREE_TIMEOUT_MS = 20_000;
const RETRY_MS = 250;

/** Removes the network once its tasks are gone; gives up quietly after a while (the next run's reap tries again). */
export async function removeNetworkWhenFree(docker: Docker, network: string): Promise<void> {
  const deadline = Date.now() + FREE_TIMEOUT_MS;
  for (;;) {
    try {
      await docker.getNetwork(network).remove();
      return;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      // 404: gone already; anything but "in use" will not get better by waiting.
      if (status === 404 || (status !== 403 && status !== 409 && status !== 500) || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
