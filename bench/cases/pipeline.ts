/**
 * Cold 4-job pipeline (build → unit ‖ lint → deploy) through localci against the
 * same DAG scripted with plain `docker run` calls fed by `git archive`.
 */
import { makeProject } from '../project.js';
import { mustRun, timeRepeated } from '../measure.js';
import type { BenchRow } from '../row.js';

export const BENCH_IMAGE = 'localci-test/busybox:latest';

const STEPS = {
  build: 'mkdir -p dist && for f in src/*; do cp "$f" dist/; done && echo built',
  unit: 'ls src > /dev/null && echo unit ok',
  lint: 'grep -c export src/* > /dev/null && echo lint ok',
  deploy: 'echo deployed',
};

export function fourJobProject(): string {
  const config = {
    image: BENCH_IMAGE,
    pull: 'never',
    jobs: {
      build: { steps: [STEPS.build] },
      unit: { needs: ['build'], steps: [STEPS.unit] },
      lint: { needs: ['build'], steps: [STEPS.lint] },
      deploy: { needs: ['unit', 'lint'], steps: [STEPS.deploy] },
    },
  };
  return makeProject({
    'ci.config.json': JSON.stringify(config, null, 2),
    'src/a.js': 'export const a = 1;\n',
    'src/b.js': 'export const b = 2;\n',
  });
}

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
  const project = fourJobProject();
  const env = { CI: 'true', NO_COLOR: '1' };
  const raw = await timeRepeated(samples, () => mustRun('bash', ['-c', RAW_SCRIPT], { cwd: project }));
  const localci = await timeRepeated(samples, () => mustRun(process.execPath, [cli, 'run', '--no-cache'], { cwd: project, env }));
  // The first run fills the job-result cache (warm-up); the measured ones find every job in it.
  const cached = await timeRepeated(samples, () => mustRun(process.execPath, [cli, 'run'], { cwd: project, env }));
  const ratio = localci.medianMs / raw.medianMs;
  return [
    { name: '4-job DAG, plain docker run script', value: raw.medianMs, unit: 'ms' },
    { name: '4-job DAG, ci run (cold)', value: localci.medianMs, unit: 'ms', goal: '≤ 1.1× docker run', ratio, ok: ratio <= 1.1 },
    { name: '4-job DAG, unchanged re-run (all cached)', value: cached.medianMs, unit: 'ms', goal: '≤ 400 ms', ok: cached.medianMs <= 400 },
  ];
}
