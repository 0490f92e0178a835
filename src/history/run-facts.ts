/**
 * What a run records about its inputs beyond the source: the config, as one
 * hash, and the planned jobs with their needs. The hash is sha256 of exactly
 * what `ci config` prints (the resolved pipeline as JSON), so
 * `ci config | sha256sum` gives the same value and two runs of one commit can
 * still be told apart by config.
 */
import { createHash } from 'node:crypto';
import type { Job, Pipeline } from '../model/pipeline.js';
import type { Plan } from '../plan/plan.js';
import type { RunRecord } from '../run/run-record.js';

export function resolvedConfigJson(pipeline: Pipeline): string {
  return JSON.stringify(pipeline, null, 2) + '\n';
}

export function configHash(pipeline: Pipeline): string {
  return createHash('sha256').update(resolvedConfigJson(pipeline)).digest('hex');
}

export function runFacts(pipeline: Pipeline, plan: Plan): Pick<RunRecord, 'configHash' | 'plan'> {
  return {
    configHash: configHash(pipeline),
    plan: plan.jobs.map((job) => ({ job: job.name, needs: [...(plan.needs.get(job.name) ?? [])], image: imageLabel(job) })),
  };
}

/** An image name, or `Dockerfile#target` for an image built from the project. */
export function imageLabel(job: Job): string {
  return job.image.kind === 'name' ? job.image.name : `${job.image.dockerfile}${job.image.target ? `#${job.image.target}` : ''}`;
}
