/**
 * Every Docker object localci creates carries these labels, so clean-up,
 * Ctrl-C and reaping a crashed run's leftovers select exactly what is ours.
 */
import os from 'node:os';
import type { RunIdentity } from '../backend.js';

export const LABEL = {
  run: 'localci.run',
  project: 'localci.project',
  job: 'localci.job',
  /** Process that owns the object; a dead pid on this host means a crashed run. */
  pid: 'localci.pid',
  host: 'localci.host',
  /** On images built from a project's Dockerfile (`ci images prune` selects by it). */
  build: 'localci.build',
} as const;

export type { RunIdentity };

export function runLabels(identity: RunIdentity, job?: string): Record<string, string> {
  return {
    [LABEL.run]: identity.runId,
    [LABEL.project]: identity.projectId,
    [LABEL.pid]: String(process.pid),
    [LABEL.host]: os.hostname(),
    ...(job === undefined ? {} : { [LABEL.job]: job }),
  };
}

/** Filter value for the Docker list APIs. */
export function labelFilter(key: string, value?: string): { label: string[] } {
  return { label: [value === undefined ? key : `${key}=${value}`] };
}
