/**
 * Where the swarm's job images go: LOCALCI_REGISTRY, else the config's
 * `registry:`. Each job's image is named there by its content, so a node pulls
 * only what it has not got yet.
 */
import { isRegistryAddress, REGISTRY_HINT } from '../../config/swarm-schema.js';
import { UsageError } from '../../errors.js';
import type { Pipeline } from '../../model/pipeline.js';

export function registryAddress(pipeline: Pick<Pipeline, 'registry'>, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.LOCALCI_REGISTRY?.trim().replace(/\/+$/, '');
  if (fromEnv && !isRegistryAddress(fromEnv)) throw new UsageError(`LOCALCI_REGISTRY: \`${fromEnv}\` is not a registry address.`, `${REGISTRY_HINT[0]!.toUpperCase()}${REGISTRY_HINT.slice(1)}.`);
  return fromEnv || pipeline.registry;
}

/** The repository of a project's job images in the registry. */
export function jobImageRepository(registry: string, projectId: string): string {
  // Repository names are lowercase [a-z0-9._-] components.
  const component = projectId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'project';
  return `${registry}/localci/${component}`;
}
