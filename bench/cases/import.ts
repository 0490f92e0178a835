/**
 * Importing and planning a 200-job `.gitlab-ci.yml` (local includes with a wildcard, three
 * levels of `extends`, anchors, `!reference`, rules, parallel) in-process: load (read, expand,
 * translate, validate, normalise) plus the plan, as every `ci` command pays it.
 */
import { loadPipeline } from '../../src/config/load.js';
import { buildPlan } from '../../src/plan/plan.js';
import { makeProject } from '../project.js';
import { timeRepeated } from '../measure.js';
import type { BenchRow } from '../row.js';

const JOBS = 200;

export function gitlabFiles(): Record<string, string> {
  const templates = [
    '.base:\n  image: node:20\n  variables: { LEVEL: base }\n  before_script: [npm ci]\n  retry: 1\n',
    '.tested:\n  extends: .base\n  variables: { LEVEL: tested }\n  artifacts: { paths: [reports/], when: always }\n',
    '.full:\n  extends: .tested\n  cache: { key: { files: [package-lock.json] }, paths: [.npm/] }\n  rules:\n    - if: $CI_COMMIT_BRANCH == "main"\n    - when: manual\n',
  ];
  const files: Record<string, string> = { 'package-lock.json': '{}' };
  templates.forEach((text, index) => (files[`ci/templates-${index}.yml`] = text));
  const jobs: string[] = [];
  for (let index = 0; index < JOBS; index++) {
    const stage = ['build', 'test', 'deploy'][index % 3]!;
    const needs = index >= 3 ? `  needs: [job-${index - 3}]\n` : '';
    jobs.push(`job-${index}:\n  <<: *shared\n  extends: .full\n  stage: ${stage}\n${needs}  script:\n    - !reference [.setup, script]\n    - npm test -- --shard ${index}\n`);
  }
  files['.gitlab-ci.yml'] = `include:\n  - local: ci/*.yml\nstages: [build, test, deploy]\nvariables:\n  APP: demo\n  URL: "https://\${APP}.example"\n.shared: &shared\n  tags: [docker]\n  interruptible: true\n.setup:\n  script: [echo setup $URL]\n${jobs.join('')}`;
  return files;
}

export async function importBench(samples = 20): Promise<BenchRow[]> {
  const project = makeProject(gitlabFiles());
  const once = async () => {
    const { pipeline } = await loadPipeline({ cwd: project, env: {} });
    const plan = buildPlan(pipeline, { names: [], only: false, deploy: false });
    if (plan.jobs.length !== JOBS) throw new Error(`planned ${plan.jobs.length} jobs, expected ${JOBS}`);
  };
  const timing = await timeRepeated(samples, once, 2);
  // CPU time of the process alongside the wall time: on a busy machine the wall time mostly measures the wait for a core.
  const cpu = await timeRepeated(samples, async () => {
    const start = process.cpuUsage();
    await once();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
  const name = `import + plan, ${JOBS}-job .gitlab-ci.yml (includes, extends, anchors)`;
  return [
    { name, value: timing.medianMs, unit: 'ms', runs: samples, goal: '< 150 ms', ok: timing.medianMs < 150 },
    { name: `${name}, CPU time`, value: cpu.medianMs, unit: 'ms', runs: samples },
  ];
}
