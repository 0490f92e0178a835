/**
 * The variables a job sees: what it inherits from the host's network set-up
 * (CA bundles, proxies), the well-known CI ones (so tools that check `CI`
 * behave as on a CI server), then the pipeline's and job's own, which win.
 */
import type { Job } from '../model/pipeline.js';
import type { SourceInfo } from '../source/source-tree.js';
import { WORKSPACE_DIR } from '../source/snapshot.js';

export interface RunContext {
  runId: string;
  projectName: string;
  source: SourceInfo;
  /** CA-bundle variables pointing at the copies inside the container. */
  trustEnv: Record<string, string>;
  proxyEnv: Record<string, string>;
  /** Secret values by name; each job gets only the ones it names. */
  secrets: ReadonlyMap<string, string>;
}

export function jobEnvironment(job: Job, context: RunContext): Record<string, string> {
  const { source } = context;
  const predefined: Record<string, string | undefined> = {
    CI: 'true',
    LOCALCI: '1',
    CI_PIPELINE_ID: context.runId,
    CI_PROJECT_NAME: context.projectName,
    CI_PROJECT_DIR: WORKSPACE_DIR,
    CI_JOB_NAME: job.name,
    CI_COMMIT_SHA: source.commit,
    CI_COMMIT_SHORT_SHA: source.commit?.slice(0, 8),
    CI_COMMIT_BRANCH: source.branch,
    ...(job.matrix ? Object.fromEntries(Object.entries(job.matrix).map(([key, value]) => [`MATRIX_${key.toUpperCase()}`, value])) : {}),
  };
  const defined = Object.entries(predefined).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return {
    ...(job.network.inheritTrust ? context.trustEnv : {}),
    ...(job.network.inheritProxy ? context.proxyEnv : {}),
    ...Object.fromEntries(defined),
    ...job.env,
    ...Object.fromEntries(job.secrets.flatMap((name) => (context.secrets.has(name) ? [[name, context.secrets.get(name)!]] : []))),
  };
}
