/**
 * The pipeline's shared install (`install`) as jobs of the plan: one install
 * job per image among the planned jobs that use it, which every such job needs.
 * So the scheduler, the reporters, the records and the job-result cache treat
 * the install like any job: shown with its own line and log, failing it skips
 * the jobs that need it, and its key (the layer's key) is part of their keys.
 * When its layer already exists the install job is known before the run and
 * never starts (run/install-layer.ts). Pure: no I/O.
 *
 * Jobs whose image is built from a Dockerfile install in their Dockerfile and
 * get no layer; a job with `install: false` neither.
 */
import { imageKey } from '../model/image-ref.js';
import type { Job, Pipeline } from '../model/pipeline.js';
import type { Plan } from './plan.js';

export interface InstallJob {
  job: Job;
  /** The image name the install runs in, the same as its users'. */
  image: string;
  /** The planned jobs that mount its layer. */
  users: string[];
}

export interface PlanWithInstalls {
  plan: Plan;
  /** Install jobs by name. */
  installs: ReadonlyMap<string, InstallJob>;
  /** The install job each user job mounts, by user job name. */
  installOf: ReadonlyMap<string, string>;
}

const BASE_NAME = 'install';

export function withInstallJobs(pipeline: Pipeline, plan: Plan): PlanWithInstalls {
  const install = pipeline.install;
  const users = install === undefined ? [] : plan.jobs.filter((job) => job.image.kind === 'name' && job.install !== false);
  if (install === undefined || users.length === 0) return { plan, installs: new Map(), installOf: new Map() };
  const byImage = new Map<string, Job[]>();
  for (const job of users) byImage.set(imageKey(job.image), [...(byImage.get(imageKey(job.image)) ?? []), job]);
  const taken = new Set(pipeline.jobs.map((job) => job.name));
  const installs = new Map<string, InstallJob>();
  const installOf = new Map<string, string>();
  for (const [image, group] of byImage) {
    const name = freeName(byImage.size === 1 ? BASE_NAME : `${BASE_NAME} (${image})`, taken);
    taken.add(name);
    const template = group[0]!;
    const job: Job = {
      name,
      baseName: name,
      needs: [],
      image: template.image,
      steps: install.steps,
      env: install.env,
      services: [],
      inputs: install.inputs,
      artifacts: install.paths,
      cache: install.cache,
      retry: { max: 0, when: [] },
      allowFailure: false,
      when: 'on-success',
      secrets: [],
      pull: template.pull,
      network: template.network,
      pidsLimit: template.pidsLimit,
    };
    installs.set(name, { job, image, users: group.map((user) => user.name) });
    for (const user of group) installOf.set(user.name, name);
  }
  const needs = new Map(plan.needs);
  for (const [user, name] of installOf) needs.set(user, [...(plan.needs.get(user) ?? []), name]);
  for (const name of installs.keys()) needs.set(name, []);
  const jobs = [...[...installs.values()].map((entry) => entry.job), ...plan.jobs];
  return { plan: { jobs, needs, droppedNeeds: plan.droppedNeeds }, installs, installOf };
}

/** `install`, or with a suffix when the pipeline has a job of that name. */
function freeName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let index = 2; ; index += 1) if (!taken.has(`${wanted} ${index}`)) return `${wanted} ${index}`;
}
