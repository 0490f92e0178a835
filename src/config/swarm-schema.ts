/**
 * The schema of what a Docker Swarm needs to know (`backend: 'swarm'`): the
 * registry its nodes pull job images from, and per job the CPUs to reserve and
 * the node labels that decide where it may run.
 */
import { z } from 'zod';
import { refined } from './schema-values.js';

/** `host[:port]` with an optional path, as an image name starts: no scheme, no tag. */
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*$/i;

export const REGISTRY_HINT = "write it as an image name starts, such as 'registry.internal:5000' (no scheme, no tag)";

export function isRegistryAddress(value: string): boolean {
  return REGISTRY.test(value);
}

export const registryAddress = refined(z.string(), (value) =>
  isRegistryAddress(value) ? undefined : { message: `\`${value}\` is not a registry address`, hint: REGISTRY_HINT },
);

export const cpuCount = refined(z.number(), (value) =>
  value > 0 && value <= 1024 ? undefined : { message: `\`${value}\` is not a number of CPUs`, hint: 'write a positive number, such as 2 or 0.5' },
);

/** Node labels as `docker node update --label-add` takes them; placement compares them as text. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*=[^\s"']+$/;

export const nodeLabel = refined(z.string(), (value) =>
  LABEL.test(value) ? undefined : { message: `\`${value}\` is not a node label`, hint: "write `key=value`, such as 'gpu=true' or 'zone=build'" },
);
