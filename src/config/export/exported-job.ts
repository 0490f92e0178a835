/**
 * What both exporters need from a pipeline job, in the terms of a CI file:
 * the image reference as the config wrote it (CI has its own mirrors), the
 * steps a job runs (the pipeline's install first, since CI has no install
 * layer), its caches, and the upstream jobs whose artifacts it receives.
 * Everything localci does that a CI file cannot say is one warning.
 */
import type { DependencyCache, Job, Pipeline, Step } from '../../model/pipeline.js';

export interface ExportResult {
  /** The CI file's text. */
  text: string;
  /** Each thing the file cannot say as localci runs it, naming the job. */
  warnings: string[];
}

/** The image reference as written (before the local image map), or undefined for a Dockerfile build. */
export function imageReference(image: Job['image']): string | undefined {
  return image.kind === 'name' ? image.mappedFrom ?? image.name : undefined;
}

/** The install steps (unless the job does without them), then the job's own. */
export function jobSteps(pipeline: Pipeline, job: Job): Step[] {
  return usesInstall(pipeline, job) ? [...pipeline.install!.steps, ...job.steps] : job.steps;
}

export function jobCaches(pipeline: Pipeline, job: Job): DependencyCache[] {
  const caches = usesInstall(pipeline, job) ? [...pipeline.install!.cache, ...job.cache] : job.cache;
  const seen = new Set<string>();
  return caches.filter((cache) => {
    const key = JSON.stringify(cache);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

function usesInstall(pipeline: Pipeline, job: Job): boolean {
  return pipeline.install !== undefined && job.install !== false && job.image.kind === 'name';
}

/** Jobs whose artifacts `job` receives: its `artifactsFrom`, else every job upstream that keeps artifacts. */
export function artifactSources(pipeline: Pipeline, job: Job): Job[] {
  const byName = new Map(pipeline.jobs.map((candidate) => [candidate.name, candidate]));
  const upstream = new Set<string>();
  const visit = (name: string) => {
    for (const need of byName.get(name)?.needs ?? []) if (!upstream.has(need)) upstream.add(need) && visit(need);
  };
  visit(job.name);
  const names = job.artifactsFrom ?? [...upstream];
  return pipeline.jobs.filter((candidate) => names.includes(candidate.name) && candidate.artifacts.length > 0);
}

/** A warning said once per job as written: the legs of a matrix share it. */
export function sayOnce(warnings: string[], job: Job): (message: string) => void {
  return (message) => {
    const line = `${job.matrix === undefined ? job.name : job.baseName}: ${message}`;
    if (!warnings.includes(line)) warnings.push(line);
  };
}

/** `15m`-style minutes for a CI file, fractions kept (`1.5`). */
export function minutes(ms: number): number {
  return Math.round((ms / 60_000) * 1000) / 1000;
}

/** The warnings every CI file shares: what only a local run has. */
export function commonWarnings(job: Job, say: (message: string) => void): void {
  if (job.image.kind === 'build') say('the image is built from a Dockerfile locally; the CI file has no image for it (build and push it, then name it)');
  for (const service of job.services) if (service.image.kind === 'build') say(`service ${service.name}: built from a Dockerfile locally; left out`);
}

export const HEADER = (source: string) => `Written by \`ci export\` from ${source}: change that file and export again (\`ci export --check\` says when this file is out of date).`;
