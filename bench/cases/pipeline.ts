/**
 * Cold 4-job pipeline (build → unit ‖ lint → deploy) through localci, beside the
 * same DAG scripted with plain `docker run` calls fed by `git archive`, and beside
 * gitlab-ci-local running the equivalent `.gitlab-ci.yml` in the same image.
 * "Cold" means every job really runs (`--no-cache`); each tool keeps the state
 * folder of its earlier runs, as it would on a developer's machine.
 */
import { ciRun } from '../ci.js';
import { GCL_LABEL, runGitlabCiLocal } from '../gitlab-ci-local.js';
import { mustRun, timeRepeated } from '../measure.js';
import { BENCH_IMAGE, pipelineFiles, type BenchJobs } from '../pipelines.js';
import { makeProject } from '../project.js';
import { compared, type BenchRow } from '../row.js';

const STEPS = {
  build: 'mkdir -p dist && for f in src/*; do cp "$f" dist/; done && echo built',
  unit: 'ls src > /dev/null && echo unit ok',
  lint: 'grep -c export src/* > /dev/null && echo lint ok',
  deploy: 'echo deployed',
};

/** What each job prints when it really ran. */
const PRINTS: Record<string, string> = { build: 'built', unit: 'unit ok', lint: 'lint ok', deploy: 'deployed' };

/** The 4-job sample: also the one `npm run bench startup` re-runs with nothing to do. */
export const JOBS: BenchJobs = {
  build: { steps: [STEPS.build] },
  unit: { needs: ['build'], steps: [STEPS.unit] },
  lint: { needs: ['build'], steps: [STEPS.lint] },
  deploy: { needs: ['unit', 'lint'], steps: [STEPS.deploy] },
};

/** The hand-written equivalent: what a careful user would script without localci. */
const RAW_SCRIPT = `
set -e
job() { git archive HEAD | docker run --rm -i -w /workspace --entrypoint sh ${BENCH_IMAGE} -c "tar x && $1" > /dev/null; }
job '${STEPS.build}'
job '${STEPS.unit}' & unit=$!
job '${STEPS.lint}' & lint=$!
wait $unit; wait $lint
job '${STEPS.deploy}'
`;

export async function pipelineBench(cli: string, samples = 5): Promise<BenchRow[]> {
  const project = makeProject({
    ...pipelineFiles(JOBS),
    'src/a.js': 'export const a = 1;\n',
    'src/b.js': 'export const b = 2;\n',
  });
  const raw = await timeRepeated(samples, () => mustRun('bash', ['-c', RAW_SCRIPT], { cwd: project }));
  const gcl = await timeRepeated(samples, () => runGitlabCiLocal(project, { jobs: Object.keys(JOBS), output: (job) => PRINTS[job]! }));
  const localci = await timeRepeated(samples, () => ciRun(cli, project, ['--no-cache']));
  // The first run fills the job-result cache (warm-up); the measured ones find every job in it.
  const cached = await timeRepeated(samples, () => ciRun(cli, project));
  const vsRaw = compared('cold 4-job DAG, `ci run --no-cache`', localci.medianMs, { label: '`docker run` script', value: raw.medianMs }, samples);
  const vsGcl = compared('cold 4-job DAG, `ci run --no-cache`', localci.medianMs, { label: GCL_LABEL, value: gcl.medianMs }, samples);
  return [
    { ...vsRaw, goal: '≤ 1.1×', ok: vsRaw.ratio! <= 1.1 },
    { ...vsGcl, goal: '≥ 2.5× faster', ok: vsGcl.ratio! <= 1 / 2.5 },
    { name: '4-job DAG, unchanged re-run (all cached)', value: cached.medianMs, unit: 'ms', runs: samples, goal: '≤ 400 ms', ok: cached.medianMs <= 400 },
  ];
}
