/**
 * One pipeline definition, written out for every tool the bench compares, so
 * localci and gitlab-ci-local always run exactly the same jobs, steps, DAG and image.
 */

/** Every bench job runs in this local fixture image; nothing is ever pulled. */
export const BENCH_IMAGE = 'localci-test/busybox:latest';

export interface BenchJob {
  steps: string[];
  needs?: string[];
}

export type BenchJobs = Record<string, BenchJob>;

export function localciConfig(jobs: BenchJobs): string {
  return JSON.stringify({ image: BENCH_IMAGE, pull: 'never', jobs }, null, 2);
}

/** The same config as a `ci.config.ts`, as most users write it. */
export function localciTsConfig(jobs: BenchJobs): string {
  return `import { defineConfig } from 'localci';\n\nexport default defineConfig(${localciConfig(jobs)});\n`;
}

/**
 * The same pipeline as a `.gitlab-ci.yml` (JSON is YAML). Each job's stage is its
 * depth in the DAG, since GitLab wants what a job needs in an earlier stage; `needs`
 * on every job, so both tools start a job as soon as what it needs is done.
 */
export function gitlabCiYaml(jobs: BenchJobs): string {
  const depth = depths(jobs);
  const stages = [...new Set([...depth.values()])].sort((a, b) => a - b).map((level) => `level-${level}`);
  const gitlabJobs = Object.fromEntries(
    Object.entries(jobs).map(([name, job]) => [name, { stage: `level-${depth.get(name)!}`, needs: job.needs ?? [], script: job.steps }]),
  );
  return JSON.stringify({ image: { name: BENCH_IMAGE, pull_policy: 'if-not-present' }, stages, ...gitlabJobs }, null, 2);
}

/**
 * Config files for both tools, plus a `.gitignore` for gitlab-ci-local's state folder:
 * localci sees untracked files that are not ignored, and would otherwise ship
 * gitlab-ci-local's copy of the whole tree into its jobs.
 */
export function pipelineFiles(jobs: BenchJobs): Record<string, string> {
  return {
    'ci.config.json': localciConfig(jobs),
    '.gitlab-ci.yml': gitlabCiYaml(jobs),
    '.gitignore': '.gitlab-ci-local/\n',
  };
}

function depths(jobs: BenchJobs): Map<string, number> {
  const depth = new Map<string, number>();
  const of = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const level = Math.max(-1, ...(jobs[name]?.needs ?? []).map(of)) + 1;
    depth.set(name, level);
    return level;
  };
  for (const name of Object.keys(jobs)) of(name);
  return depth;
}
