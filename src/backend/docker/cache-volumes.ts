/**
 * Volumes behind dependency caches. They belong to the project, not to a run,
 * so they carry no run or pid label and the reaper leaves them alone; a name
 * derived from project, key and path makes jobs and runs with the same key share
 * one volume. Docker creates a volume on first use and returns it afterwards.
 */
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { LABEL } from './labels.js';

export const CACHE_LABEL = 'localci.cache';

export async function cacheVolumeMounts(docker: Docker, projectId: string, caches: ReadonlyArray<{ key: string; target: string }>): Promise<Docker.MountSettings[]> {
  return Promise.all(
    caches.map(async ({ key, target }) => {
      const name = cacheVolumeName(projectId, key, target);
      await docker.createVolume({ Name: name, Labels: cacheVolumeLabels(projectId, key, target) });
      return { Type: 'volume' as const, Source: name, Target: target };
    }),
  );
}

export function cacheVolumeName(projectId: string, key: string, target: string): string {
  const id = createHash('sha256').update(`${projectId}\0${key}\0${target}`).digest('hex').slice(0, 16);
  const readable = key.replace(/[^\w.-]+/g, '-').slice(0, 40);
  return `localci-cache-${readable}-${id}`;
}

export function cacheVolumeLabels(projectId: string, key: string, target: string): Record<string, string> {
  return { [LABEL.project]: projectId, [CACHE_LABEL]: key, 'localci.cache.path': target };
}
