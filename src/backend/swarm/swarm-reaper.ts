/**
 * Removes what crashed runs of this project left on the swarm: services (their
 * tasks' containers go with them on every node) and the runs' overlay networks,
 * once no task uses them. Objects of live runs are never touched.
 */
import type Docker from 'dockerode';
import { LABEL, labelFilter } from '../docker/labels.js';
import { ownerIsDead } from '../docker/reaper.js';
import { removeNetworkWhenFree } from './swarm-network.js';

export interface SwarmReapResult {
  services: number;
  networks: number;
}

export async function reapSwarmLeftovers(docker: Docker, projectId: string): Promise<SwarmReapResult> {
  const filters = JSON.stringify(labelFilter(LABEL.project, projectId));
  const [services, networks] = await Promise.all([docker.listServices({ filters }), docker.listNetworks({ filters })]);
  const deadServices = services.filter((service) => ownerIsDead(service.Spec?.Labels));
  const deadNetworks = networks.filter((network) => network.Driver === 'overlay' && ownerIsDead(network.Labels));
  await Promise.all(deadServices.map((service) => docker.getService(service.ID).remove().catch(() => undefined)));
  await Promise.all(deadNetworks.map((network) => removeNetworkWhenFree(docker, network.Id)));
  return { services: deadServices.length, networks: deadNetworks.length };
}
