/**
 * The deployed environments of a project, read off the engine by label:
 * `ci env ls`, `ci env logs`, `ci env down`.
 */
import type Docker from 'dockerode';
import { LABEL, labelFilter } from '../backend/docker/labels.js';
import { probeHealth, type Health } from './health.js';
import { ENV_LABEL, envNames, type DeployInfo } from './naming.js';

export interface DeployedEnvironment {
  env: string;
  containerId: string;
  name: string;
  info?: DeployInfo;
  /** `http://127.0.0.1:<port>` of the first published port. */
  url?: string;
  health: Health;
  state: string;
}

/** The serving container of every environment of the project (not candidates, not smoke runs). */
export async function listEnvironments(docker: Docker, projectId: string): Promise<DeployedEnvironment[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify(labelFilter(LABEL.project, projectId)) });
  const result: DeployedEnvironment[] = [];
  for (const summary of containers) {
    const env = summary.Labels[ENV_LABEL.env];
    if (env === undefined) continue;
    const names = envNames(projectId, env);
    if (!summary.Names.includes(`/${names.container}`)) continue;
    const info = parseInfo(summary.Labels[ENV_LABEL.info]);
    const port = info?.port === undefined ? summary.Ports[0] : summary.Ports.find((entry) => entry.PrivatePort === info.port);
    const health = await probeHealth(docker.getContainer(summary.Id), {
      network: names.network,
      ...(info?.healthcheck ? { command: info.healthcheck } : {}),
      ...(info?.port === undefined ? {} : { port: info.port }),
    }).catch((): Health => 'unhealthy');
    result.push({
      env,
      containerId: summary.Id,
      name: names.container,
      ...(info ? { info } : {}),
      ...(port?.PublicPort ? { url: `http://127.0.0.1:${port.PublicPort}` } : {}),
      health,
      state: summary.State,
    });
  }
  return result.sort((a, b) => (a.env < b.env ? -1 : a.env > b.env ? 1 : 0));
}

/** The serving container of the environment, found by its labels (a container merely named like it is not it). */
export async function servingContainer(docker: Docker, projectId: string, env: string): Promise<Docker.Container | undefined> {
  const name = `/${envNames(projectId, env).container}`;
  const containers = await docker.listContainers({ all: true, filters: envFilter(projectId, env) });
  const serving = containers.find((summary) => summary.Names.includes(name));
  return serving ? docker.getContainer(serving.Id) : undefined;
}

/** Removes every container of the environment (serving, candidate, stopped previous) and its network: only objects labelled with the project. */
export async function removeEnvironment(docker: Docker, projectId: string, env: string): Promise<{ containers: number; network: boolean }> {
  const filters = envFilter(projectId, env);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((container) => docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined)));
  const networks = await docker.listNetworks({ filters });
  const removed = await Promise.all(
    networks.map((network) =>
      docker
        .getNetwork(network.Id)
        .remove()
        .then(() => true)
        .catch(() => false),
    ),
  );
  return { containers: containers.length, network: removed.includes(true) };
}

function envFilter(projectId: string, env: string): string {
  return JSON.stringify({ label: [`${LABEL.project}=${projectId}`, `${ENV_LABEL.env}=${env}`] });
}

/** Environments with anything left on the engine: containers or the network. */
export async function environmentsPresent(docker: Docker, projectId: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${LABEL.project}=${projectId}`, ENV_LABEL.env] });
  const [containers, networks] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);
  const envs = [...containers.map((c) => c.Labels[ENV_LABEL.env]), ...networks.map((n) => n.Labels?.[ENV_LABEL.env])];
  return [...new Set(envs.filter((env): env is string => env !== undefined))].sort();
}

function parseInfo(text: string | undefined): DeployInfo | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as DeployInfo;
  } catch {
    return undefined;
  }
}
