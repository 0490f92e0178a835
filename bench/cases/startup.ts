/**
 * Start-up: `ci --version` and `ci list` (TypeScript config) against bare `node -e 0`, and the
 * run that has nothing to do: the 4-job sample with a `ci.config.ts`, re-run unchanged with
 * every job cached, split into its phases from the marks `--debug` prints (src/util/phase-marks.ts).
 */
import { execa } from 'execa';
import { CI_ENV } from '../ci.js';
import { makeProject } from '../project.js';
import { median, mustRun, timeRepeated } from '../measure.js';
import { localciTsConfig } from '../pipelines.js';
import { compared, type BenchRow } from '../row.js';
import { JOBS } from './pipeline.js';

/** Consecutive marks of a cached run, and what the time between them is. */
const PHASES: Array<[mark: string, label: string]> = [
  ['node started', 'Node start'],
  ['cli loaded', 'CLI modules loaded'],
  ['config loaded', 'ci.config.ts loaded'],
  ['backend and reporters loaded', 'backend and reporters loaded'],
  ['record written', 'run record written'],
  ['source read and engine connected', 'source read, engine answered'],
  ['images ready', 'image ids'],
  ['cache checked', 'job cache checked'],
  ['results stored', 'results and summary'],
  ['run cleaned up', 'records and clean-up'],
  ['command done', 'command returned'],
];

export async function startupBench(cli: string, samples = 20): Promise<BenchRow[]> {
  const project = makeProject({
    'ci.config.ts': `import { defineConfig } from 'localci';\nexport default defineConfig({ image: 'localci-test/busybox:latest', jobs: { build: { steps: ['true'] }, test: { needs: ['build'], steps: ['true'] } } });\n`,
  });
  const node = await timeRepeated(samples, () => execa(process.execPath, ['-e', '0']));
  const version = await timeRepeated(samples, () => execa(process.execPath, [cli, '--version']));
  const list = await timeRepeated(samples, () => execa(process.execPath, [cli, 'list'], { cwd: project }));
  const reference = { label: '`node -e 0`', value: node.medianMs };
  return [
    { ...compared('`ci --version`', version.medianMs, reference, samples), goal: '≤ 120 ms', ok: version.medianMs <= 120 },
    { ...compared('`ci list` (ci.config.ts)', list.medianMs, reference, samples), goal: '≤ 250 ms', ok: list.medianMs <= 250 },
    ...(await noOpRun(cli, reference, Math.max(5, Math.round(samples / 2)))),
  ];
}

interface CachedRun {
  wallMs: number;
  marks: Record<string, number>;
}

/** The 4-job sample re-run with nothing to do: its wall time, CPU time and phases (medians). */
async function noOpRun(cli: string, reference: { label: string; value: number }, samples: number): Promise<BenchRow[]> {
  const project = makeProject({ 'ci.config.ts': localciTsConfig(JOBS), 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 2;\n' });
  await mustRun(process.execPath, [cli, 'run'], { cwd: project, env: CI_ENV }); // fills the cache
  const runs: CachedRun[] = [];
  await timeRepeated(samples, async () => {
    const run = await cachedRun(cli, project);
    runs.push(run);
    return run.wallMs;
  });
  runs.shift(); // the warm-up
  const at = (mark: string) => median(runs.map((run) => run.marks[mark] ?? Number.NaN));
  const wall = median(runs.map((run) => run.wallMs));
  const rows: BenchRow[] = [
    { ...compared('4-job DAG (ci.config.ts), unchanged re-run (all cached)', wall, reference, samples), goal: '≤ 400 ms', ok: wall <= 400 },
    { name: '  … its CPU time (user + system)', value: at('cpu'), unit: 'ms', runs: samples },
  ];
  let previous = 0;
  for (const [mark, label] of PHASES) {
    rows.push({ name: `  … ${label}`, value: at(mark) - previous, unit: 'ms', runs: samples });
    previous = at(mark);
  }
  rows.push({ name: '  … exit (after the command returned)', value: wall - previous, unit: 'ms', runs: samples });
  return rows;
}

async function cachedRun(cli: string, cwd: string): Promise<CachedRun> {
  const start = performance.now();
  const result = await execa(process.execPath, [cli, 'run', '--debug'], { cwd, env: CI_ENV, reject: false });
  const wallMs = performance.now() - start;
  if (result.exitCode !== 0 || !/4 cached/.test(result.stdout)) throw new Error(`the unchanged re-run did not find every job cached (exit ${result.exitCode}):\n${result.stdout.slice(-1500)}\n${result.stderr.slice(-1500)}`);
  const line = /^debug phases (\{.*\})$/m.exec(result.stderr);
  if (!line) throw new Error(`ci run --debug printed no phases line:\n${result.stderr.slice(-1500)}`);
  return { wallMs, marks: JSON.parse(line[1]!) as Record<string, number> };
}
