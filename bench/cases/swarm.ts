/**
 * The swarm backend against the local one: 8 CPU-bound jobs of ~3 s (each
 * `cpus: 1`, which the swarm reserves on the node it picks) on a two-node swarm
 * of the bench's own (two private engines in network namespaces it makes, a
 * registry in the manager's), wall time against the ideal; and the overhead per
 * job (the job image built and pushed, the task scheduled, pulled and started,
 * its log followed) of a one-step job against the same job on the local engine.
 * Needs root, for the private engines.
 */
import { startSwarmCluster } from '../../test/helpers/swarm-cluster.js';
import { ciRunJson, type JsonRun } from '../ci.js';
import { median } from '../measure.js';
import { BENCH_IMAGE } from '../pipelines.js';
import { makeProject } from '../project.js';
import type { BenchRow } from '../row.js';

const JOBS = 8;
/** ~3 s of one CPU for busybox's shell on the machine the README's numbers come from. */
const LOOP = 'i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; echo done';
const ROUNDS = 3;

export async function swarmBench(cli: string): Promise<BenchRow[]> {
  const cpuJobs = Object.fromEntries(Array.from({ length: JOBS }, (_, i) => [`cpu-${i + 1}`, { steps: [LOOP], cpus: 1 }]));
  const cpuProject = makeProject({ 'ci.config.json': JSON.stringify({ image: BENCH_IMAGE, pull: 'never', jobs: cpuJobs }, null, 2) });
  const oneProject = makeProject({ 'ci.config.json': JSON.stringify({ image: BENCH_IMAGE, pull: 'never', jobs: { one: { steps: ['true'] } } }, null, 2) });
  const swarm = await startSwarmCluster([BENCH_IMAGE]);
  const onSwarm = { DOCKER_HOST: swarm.manager.host, LOCALCI_BACKEND: 'swarm', LOCALCI_REGISTRY: swarm.registry };
  try {
    const spread = await withEnv(onSwarm, () => ciRunJson(cli, cpuProject, ['--no-cache']));
    const idealMs = median(spread.results.map((result) => result.durationMs)) * Math.ceil(JOBS / 2);
    const local: number[] = [];
    const remote: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      local.push(jobMs(await ciRunJson(cli, oneProject, ['--no-cache', '--backend', 'docker'])));
      remote.push(jobMs(await withEnv(onSwarm, () => ciRunJson(cli, oneProject, ['--no-cache']))));
    }
    return [
      { name: `${JOBS} CPU-bound jobs (1 CPU each), swarm of 2 nodes`, value: spread.wallMs, unit: 'ms', runs: 1, versus: { label: 'ideal (job time × rounds)', value: idealMs }, ratio: spread.wallMs / idealMs },
      { name: 'one `true` job: swarm against the local engine', value: median(remote), unit: 'ms', runs: ROUNDS, versus: { label: 'local engine', value: median(local) }, ratio: median(remote) / median(local) },
    ];
  } finally {
    await swarm.destroy();
  }
}

function jobMs(run: JsonRun): number {
  return run.results[0]!.durationMs;
}

/** The CLI reads where jobs run from its environment, which it inherits from this process. */
async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
