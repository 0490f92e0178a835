/**
 * setup-node's `cache: npm|pnpm|yarn` says the job installs with that package manager;
 * its plain install step (install-step.ts) becomes localci's install layer: the project's
 * install (the same one zero config uses, decided by the lock file) runs once per image and
 * lock file, and every job that had the step mounts what it filled. An unchanged lock file
 * means no install at all, where each job would have run `npm ci` again. Jobs without such a
 * step do without the layer. When the lock file says another package manager than `cache:`,
 * the steps stay as written.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PackageManager } from '../../package-manager.js';
import type { DependencyCacheConfig, InstallConfig, JobConfig } from '../../types.js';
import type { ImportWarning } from '../importer.js';
import { PACKAGE_MANAGER_CACHES } from './actions.js';
import type { WorkflowJob } from './translate-job.js';

export interface InstallLayer {
  install: InstallConfig;
  /** Variables the install needs (corepack's), for the pipeline's env. */
  env: Record<string, string>;
}

/** Takes the install steps over where the project's package manager matches; every job loses its marks. */
export async function applyInstallLayer(jobs: Record<string, WorkflowJob>, root: string, warnings: ImportWarning[]): Promise<InstallLayer | undefined> {
  const marked = Object.values(jobs).filter((job) => job.installStep !== undefined);
  // Loaded only when a job has such a step: zero config's detection brings semver along.
  const infer = marked.length > 0 && existsSync(path.join(root, 'package.json')) ? await import('../../infer.js') : undefined;
  const manager = infer === undefined ? undefined : (await infer.readNodeProject(root)).manager;
  const taken = marked.filter((job) => job.installStep!.manager === manager?.name);
  for (const job of Object.values(jobs)) {
    const step = job.installStep;
    delete job.installStep;
    if (manager === undefined || taken.length === 0) continue;
    if (step === undefined || !taken.includes(job)) {
      job.install = false;
      continue;
    }
    job.steps.splice(step.index, 1);
    job.cache = withRunCaches(job.cache, manager);
    if (job.cache.length === 0) delete job.cache;
    const how = manager.install.steps.join(' && ');
    warnings.push({ file: step.file, path: step.path, message: `approximated: \`${step.command}\` runs in localci's install layer (\`${how}\`), once per image and lock file, shared by the jobs that install` });
  }
  if (manager === undefined || taken.length === 0) return undefined;
  return { install: infer!.installConfig(manager), env: manager.install.env };
}

/** setup-node's cache gives way to the install's own; jobs keep what their commands need (corepack's copy of pnpm). */
function withRunCaches(caches: JobConfig['cache'], manager: PackageManager): DependencyCacheConfig[] {
  const setupCache = PACKAGE_MANAGER_CACHES[manager.name]?.key;
  const kept = (caches ?? []).filter((cache) => cache.key !== setupCache);
  return [...kept, ...manager.install.runCache.filter((cache) => !kept.some((other) => other.key === cache.key))];
}
