/**
 * Reading a large GitHub Actions workflow: 49 jobs in a chain of needs plus one
 * job with a 20-entry matrix (69 jobs after expansion), each with env, an `if:`
 * and steps with expressions. Measured in-process (import, schema, checks,
 * image map, normalize, plan) as the median of warm loads, and as the wall time
 * of `ci list` in a fresh process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { makeProject } from '../project.js';
import { timeRepeated } from '../measure.js';
import type { BenchRow } from '../row.js';

const GOAL_MS = 150;

export function largeWorkflow(): string {
  const jobs: string[] = [];
  for (let i = 0; i < 49; i += 1) {
    jobs.push(`  job-${i}:
    runs-on: ubuntu-latest
    ${i === 0 ? '' : `needs: job-${i - 1}\n    `}if: github.event_name == 'push' && !contains(github.ref, 'skip')
    env:
      INDEX: '${i}'
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - id: s
        run: echo "value=\${{ github.sha }}-${i}" >> "$GITHUB_OUTPUT"
      - run: echo "\${{ steps.s.outputs.value }} \${{ format('{0}-{1}', github.ref_name, env.INDEX) }}"`);
  }
  jobs.push(`  matrix:
    needs: job-48
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: [${Array.from({ length: 10 }, (_, i) => i + 1).join(', ')}]
        node: [20, 22]
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ matrix.node }}
      - run: echo "shard \${{ matrix.shard }} of \${{ strategy.job-total }}"`);
  return `name: big\non: push\nenv:\n  GLOBAL: yes\njobs:\n${jobs.join('\n')}\n`;
}

export async function githubImportBench(cli: string, samples = 20): Promise<BenchRow[]> {
  const project = makeProject({ '.github/workflows/big.yml': largeWorkflow() });
  const dist = path.join(path.dirname(cli), '..', 'dist');
  const { loadPipeline } = (await import(pathToFileURL(path.join(dist, 'config', 'load.js')).href)) as typeof import('../../src/config/load.js');
  const { buildPlan } = (await import(pathToFileURL(path.join(dist, 'plan', 'plan.js')).href)) as typeof import('../../src/plan/plan.js');
  const inProcess = await timeRepeated(samples, async () => {
    const loaded = await loadPipeline({ cwd: project, env: {} });
    const plan = buildPlan(loaded.pipeline, { names: [], only: false, deploy: false });
    if (plan.jobs.length !== 69) throw new Error(`expected 69 jobs, planned ${plan.jobs.length}`);
  });
  const list = await timeRepeated(5, () => execa(process.execPath, [cli, 'list'], { cwd: project }));
  return [
    { name: 'GitHub workflow, 50 jobs + 20-leg matrix: import and plan (in-process)', value: inProcess.medianMs, unit: 'ms', runs: samples, goal: `≤ ${GOAL_MS} ms`, ok: inProcess.medianMs <= GOAL_MS },
    { name: 'GitHub workflow, 50 jobs + 20-leg matrix: `ci list`', value: list.medianMs, unit: 'ms', runs: 5 },
  ];
}
