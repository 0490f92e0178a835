/**
 * What the backend gets for each job: its final environment, the artifact
 * folders it receives as layers over the source (from every upstream job,
 * nearest last so they win), the folder its own artifacts go to, and whether it
 * must reach the host (a proxy on the host's loopback).
 */
import type { JobRequest, WorkspaceLayer } from '../backend/backend.js';
import type { Job, Pipeline } from '../model/pipeline.js';
import { transitiveDependencies } from '../plan/graph.js';
import type { Plan } from '../plan/plan.js';
import type { SourceSnapshot } from '../source/snapshot.js';
import type { JobStatus } from './events.js';
import type { HostProxy, HostTrust } from './host-network.js';
import { jobEnvironment, type RunContext } from './job-env.js';

export interface RequestContext {
  pipeline: Pipeline;
  plan: Plan;
  run: RunContext;
  trust: HostTrust;
  proxy: HostProxy;
  artifactsOf(job: string): string;
  reportsOf(job: string): string;
  /** Artifact folders of upstream jobs outside the plan (watch mode), by job, in run order. */
  reuseArtifactsFrom?: ReadonlyMap<string, string>;
  /** The install layer a job mounts under its source, once there is one (run/install-layer.ts). */
  installLayerOf?(job: string): WorkspaceLayer | undefined;
  /** The plan's install jobs (plan/install-jobs.ts). */
  installJobs?: ReadonlySet<string>;
  /** How a job of this run ended, once it has. */
  statusOf?(job: string): JobStatus | undefined;
}

/**
 * `LOCALCI_NEEDS_STATUS`: one line `<status> <job>` per direct need, so a job that runs after a
 * failure (`when: always`) can tell which need failed (GitHub's `needs.<job>.result`). A job that runs
 * only on success may be made before its needs end (warm-up): theirs can only be a pass. Not part of
 * the cache key.
 */
function needsStatus(context: RequestContext, job: Job): Record<string, string> {
  const lines = job.needs.flatMap((need) => {
    const status = context.statusOf?.(need) ?? (job.when === 'on-success' ? 'passed' : undefined);
    return status === undefined ? [] : [`${status} ${need}`];
  });
  return lines.length === 0 ? {} : { LOCALCI_NEEDS_STATUS: lines.join('\n') };
}

export function jobRequest(context: RequestContext, job: Job, workspace: SourceSnapshot, caches: JobRequest['caches']): JobRequest {
  return {
    caches,
    job,
    workspace,
    env: { ...jobEnvironment(job, context.run), ...needsStatus(context, job) },
    layers: [
      ...(job.actionLayers ?? []).map((dir): WorkspaceLayer => ({ dir, kind: 'action', name: dir, placement: 'below-source' })),
      ...installLayer(context, job),
      ...reusedUpstreamOf(context.pipeline, job, context.reuseArtifactsFrom).map(([name, dir]) => artifactLayer(name, dir)),
      // An install job is upstream too; its files come as the install layer, not as artifacts.
      ...upstreamOf(context.plan, job)
        .filter((dep) => !context.installJobs?.has(dep))
        .filter((dep) => job.artifactsFrom === undefined || job.artifactsFrom.includes(dep))
        .map((dep) => artifactLayer(dep, context.artifactsOf(dep))),
    ],
    artifactsOut: context.artifactsOf(job.name),
    reportsOut: context.reportsOf(job.name),
    reachHost: context.proxy.needsHostAlias && job.network.inheritProxy,
  };
}

/**
 * Every job upstream of `job`, in run order: a deploy that needs `unit`, which
 * needs `build`, sees build's `dist/` too, and nearer jobs' files win.
 */
export function upstreamOf(plan: Plan, job: Job): string[] {
  const upstream = transitiveDependencies([job.name], plan.needs);
  return plan.jobs.filter((candidate) => upstream.has(candidate.name)).map((candidate) => candidate.name);
}

/**
 * Reused artifact folders of every job upstream of `job` (through the whole pipeline,
 * not only the plan), in the caller's order. They come first: a reused job is never
 * downstream of a job in the plan, so this run's nearer artifacts still win.
 */
function reusedUpstreamOf(pipeline: Pipeline, job: Job, reuse: ReadonlyMap<string, string> | undefined): Array<[string, string]> {
  if (!reuse || reuse.size === 0) return [];
  const upstream = transitiveDependencies([job.name], new Map(pipeline.jobs.map((candidate) => [candidate.name, candidate.needs])));
  return [...reuse].filter(([name]) => upstream.has(name) && (job.artifactsFrom === undefined || job.artifactsFrom.includes(name)));
}

function installLayer(context: RequestContext, job: Job): WorkspaceLayer[] {
  const layer = context.installLayerOf?.(job.name);
  return layer === undefined ? [] : [layer];
}

function artifactLayer(job: string, dir: string): WorkspaceLayer {
  return { dir, kind: 'artifacts', name: job, placement: 'above-source' };
}
