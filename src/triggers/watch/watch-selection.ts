/**
 * Which jobs a watch session covers: the same selection as `ci run` (names plus
 * what they need, or `--only`), except that watch never deploys. A deploy job
 * named, or needed by a named job, is refused rather than silently left out;
 * by default, deploys and the jobs that come after them are left out.
 */
import { UsageError } from '../../errors.js';
import type { Pipeline } from '../../model/pipeline.js';
import { buildPlan, type Plan } from '../../plan/plan.js';
import { withDownstream } from './affected-jobs.js';

export function watchSelection(pipeline: Pipeline, names: readonly string[], only: boolean): Plan {
  if (names.length === 0) {
    // `ci run` keeps a job that needs a deploy (and runs it without); watching one makes no sense.
    const everyJob = new Set(pipeline.jobs.map((job) => job.name));
    const deploys = pipeline.jobs.filter((job) => job.environment !== undefined).map((job) => job.name);
    const afterDeploys = withDownstream(pipeline.jobs, everyJob, deploys);
    const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
    if (!plan.jobs.some((job) => afterDeploys.has(job.name))) return plan;
    return buildPlan(pipeline, { names: plan.jobs.filter((job) => !afterDeploys.has(job.name)).map((job) => job.name), only: true, deploy: false });
  }
  // deploy: true so the selection itself does not refuse with a hint about --deploy,
  // which watch does not have; the check below gives the watch-specific answer.
  const plan = buildPlan(pipeline, { names, only, deploy: true });
  const deploy = plan.jobs.find((job) => job.environment !== undefined);
  if (deploy) {
    const named = names.includes(deploy.name) || names.includes(deploy.baseName);
    throw new UsageError(
      named
        ? `Job "${deploy.name}" deploys to the "${deploy.environment}" environment; watch mode never runs deploy jobs.`
        : `The jobs named need "${deploy.name}", which deploys to the "${deploy.environment}" environment; watch mode never runs deploy jobs.`,
      `Deploy on purpose with \`ci run ${deploy.baseName} --deploy\`.`,
    );
  }
  return plan;
}
