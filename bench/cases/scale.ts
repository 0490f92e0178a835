/**
 * What a second engine buys: 8 independent CPU-bound jobs of ~3 s each, every
 * job container held to one CPU (`cpus: 1`) and every engine to one job at a
 * time (one slot), run on one engine (this machine's) and then on a pool of two
 * (this machine's and a private engine reached over TCP, in a network
 * namespace of its own, as a build box would be). The ideal wall time is the
 * jobs' own time spread evenly over the engines; the rest is what the pool
 * costs (placement, the workspace copied to the remote engine, start-up).
 * Needs root, for the private engine.
 */
import { startPrivateEngine } from '../../test/helpers/private-engine.js';
import { ciRunJson, type JsonRun } from '../ci.js';
import { median } from '../measure.js';
import { BENCH_IMAGE } from '../pipelines.js';
import { makeProject } from '../project.js';
import type { BenchRow } from '../row.js';

const JOBS = 8;
/** ~3 s of one CPU for busybox's shell on the machine the README's numbers come from. */
const LOOP = 'i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; echo done';
const LOCAL = 'unix:///var/run/docker.sock';

export async function scaleBench(cli: string): Promise<BenchRow[]> {
  const jobs = Object.fromEntries(Array.from({ length: JOBS }, (_, i) => [`cpu-${i + 1}`, { steps: [LOOP], cpus: 1 }]));
  const project = makeProject({ 'ci.config.json': JSON.stringify({ image: BENCH_IMAGE, pull: 'never', jobs }, null, 2) });
  const engine = await startPrivateEngine([BENCH_IMAGE], { tcp: true });
  try {
    const one = await ciRunJson(cli, project, ['--no-cache'], { LOCALCI_ENGINES: `${LOCAL}*1` });
    const two = await ciRunJson(cli, project, ['--no-cache'], { LOCALCI_ENGINES: `${LOCAL}*1,${engine.tcpHost!}*1` });
    const engines = new Set(two.results.map((result) => result.engine));
    if (engines.size !== 2) throw new Error(`the pool run used ${engines.size} engine(s), not 2`);
    const [idealOne, idealTwo] = [ideal(one, 1), ideal(two, 2)];
    return [
      row(`${JOBS} CPU-bound jobs (1 CPU each), 1 engine`, one, idealOne),
      row(`${JOBS} CPU-bound jobs (1 CPU each), pool of 2 engines`, two, idealTwo),
      { name: '2 engines against 1 (wall time)', value: two.wallMs, unit: 'ms', runs: 1, versus: { label: '1 engine', value: one.wallMs }, ratio: two.wallMs / one.wallMs, goal: '≤ 0.6×', ok: two.wallMs / one.wallMs <= 0.6 },
    ];
  } finally {
    await engine.destroy();
  }
}

/** The jobs' median time, as many rounds of it as each engine must run. */
function ideal(run: JsonRun, engines: number): number {
  return median(run.results.map((result) => result.durationMs)) * Math.ceil(JOBS / engines);
}

function row(name: string, run: JsonRun, idealMs: number): BenchRow {
  return { name, value: run.wallMs, unit: 'ms', runs: 1, versus: { label: 'ideal (job time × rounds)', value: idealMs }, ratio: run.wallMs / idealMs };
}
