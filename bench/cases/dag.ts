/**
 * Scheduling overhead on a 50-job DAG: layers of 1, 4, 8, 8, 8, 8, 8, 4 and 1
 * jobs, each needing two jobs of the layer before (all of it where a layer
 * narrows to one job), each job one short known step. The `ci run` wall time,
 * from spawning the CLI to its exit, is set against the sum of the job times
 * along the run's critical chain (critical-path.ts says what counts), so
 * the difference is what localci adds outside jobs: start-up, the gaps between a
 * job ending and the next one starting, and the end of the run.
 */
import { ciRunJson } from '../ci.js';
import { chainMs, criticalChain } from '../critical-path.js';
import { median } from '../measure.js';
import { localciConfig, type BenchJobs } from '../pipelines.js';
import { makeProject } from '../project.js';
import type { BenchRow } from '../row.js';

const LAYERS = [1, 4, 8, 8, 8, 8, 8, 4, 1];
const STEP = 'sleep 0.2';
const GOAL = 1.05;

export async function dagBench(cli: string, samples = 3): Promise<BenchRow[]> {
  const jobs = layeredJobs(LAYERS);
  const project = makeProject({ 'ci.config.json': localciConfig(jobs) });
  const walls: number[] = [];
  const chains: number[] = [];
  // No warm-up run: each run is measured against its own job times, and a run of 50 jobs
  // dwarfs what a project's first run adds (creating its state folder).
  for (let i = 0; i < samples; i += 1) {
    const run = await ciRunJson(cli, project, ['--no-cache']);
    if (run.results.length !== Object.keys(jobs).length) throw new Error(`expected ${Object.keys(jobs).length} jobs, the run had ${run.results.length}`);
    walls.push(run.wallMs);
    chains.push(chainMs(criticalChain(run.results)));
  }
  const wall = median(walls);
  const chain = median(chains);
  const ratio = wall / chain;
  const name = `50-job DAG (${LAYERS.join('-')}), \`ci run --no-cache\``;
  return [
    { name, value: wall, unit: 'ms', runs: samples, versus: { label: 'its critical-path jobs', value: chain }, ratio, goal: `≤ ${GOAL}× (≤ ${Math.round((GOAL - 1) * 100)} % overhead)`, ok: ratio <= GOAL },
    { name: '50-job DAG, time outside critical-path jobs', value: wall - chain, unit: 'ms', runs: samples },
  ];
}

/** Job `lL-i` is the i-th job of layer L; see the file comment for who needs whom. */
function layeredJobs(layers: readonly number[]): BenchJobs {
  const jobs: BenchJobs = {};
  layers.forEach((width, layer) => {
    const below = layer === 0 ? 0 : layers[layer - 1]!;
    for (let i = 0; i < width; i += 1) {
      const needs = layer === 0 ? [] : parents(i, width, below).map((parent) => `l${layer - 1}-${parent}`);
      jobs[`l${layer}-${i}`] = { needs, steps: [STEP] };
    }
  });
  return jobs;
}

/** Fan-out: two neighbours of the layer before; fan-in: every job that maps onto this one. */
function parents(index: number, width: number, below: number): number[] {
  if (width >= below) return [...new Set([index % below, (index + 1) % below])];
  return Array.from({ length: below }, (_, parent) => parent).filter((parent) => parent % width === index);
}
