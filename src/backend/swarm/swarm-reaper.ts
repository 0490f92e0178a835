/**
 * Removes what crashed runs of this project left on the swarm: services (their
 * tasks' containers go with them on every node), the runs' overlay networks
 * once no task uses them, and their job images on the manager. Objects of live
 * runs are never touched.
 */
import type Docker from 'dockerode';
import { LABEL, labelFilter } from '../docker/labels.js';
import { ownerIsDead } from '../docker/reaper.js';
import { removeNetworkWhenFree } from './swarm-network.js';
import { retryWhileInUse } from './when-free.js';

export interface SwarmReapResult {
  services: number;
  networks: number;
  images: number;
}

export async function reapSwarmLeftovers(docker: Docker, projectId: string): Promise<SwarmReapResult> {
  const filters = JSON.stringify(labelFilter(LABEL.project, projectId));
  const [services, networks, images] = await Promise.all([docker.listServices({ filters }), docker.listNetworks({ filters }), docker.listImages({ filters })]);
  const deadServices = services.filter((service) => ownerIsDead(service.Spec?.Labels));
  const deadNetworks = networks.filter((network) => network.Driver === 'overlay' && ownerIsDead(network.Labels));
  // Job images of crashed runs on the manager (the registry keeps its copies).
  const deadImages = images.filter((image) => image.Labels?.[LABEL.run] !== undefined && ownerIsDead(image.Labels));
  await Promise.all(deadServices.map((service) => docker.getService(service.ID).remove().catch(() => undefined)));
  await Promise.all([
    ...deadNetworks.map((network) => removeNetworkWhenFree(docker, network.Id)),
    ...deadImages.map((image) => retryWhileInUse(() => docker.getImage(image.Id).remove({ force: true }))),
  ]);
  return { services: deadServices.length, networks: deadNetworks.length, images: deadImages.length };
}
