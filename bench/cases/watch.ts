/**
 * Watch mode's save-to-job-start latency: from writing a file to the moment the
 * affected job's first step begins (its `$ step` line in the plain output),
 * with the default 100 ms debounce. `build` stays settled, so each sample is
 * one job re-run on build's reused artifacts: the common edit-test loop.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { CI_ENV } from '../ci.js';
import { median } from '../measure.js';
import { makeProject } from '../project.js';
import type { BenchRow } from '../row.js';
import { BENCH_IMAGE } from '../pipelines.js';

const GOAL_MS = 300;
const STEP_LINE = '[unit] $ ';
const IDLE_LINE = 'watching for changes';

export async function watchBench(cli: string, samples = 10): Promise<BenchRow[]> {
  const cached = await measure(cli, [], samples, false);
  const uncached = await measure(cli, ['--no-cache'], samples, false);
  const warm = await measure(cli, [], samples, true);
  const row = (name: string, timing: number): BenchRow => ({ name, value: timing, unit: 'ms', runs: samples, goal: `≤ ${GOAL_MS} ms`, ok: timing <= GOAL_MS });
  return [
    row('watch: save → job step starts', cached),
    row('watch: save → job step starts (--no-cache)', uncached),
    row('watch: save → job step starts (keepContainers)', warm),
  ];
}

async function measure(cli: string, args: string[], samples: number, keepContainers: boolean): Promise<number> {
  const project = makeProject({
    'ci.config.json': JSON.stringify({
      image: BENCH_IMAGE,
      pull: 'never',
      watch: { keepContainers },
      jobs: {
        build: { inputs: ['package.json'], steps: ['mkdir -p dist && echo built > dist/out.txt'], artifacts: ['dist/'] },
        unit: { needs: ['build'], inputs: ['src/**'], steps: ['cat dist/out.txt src/a.js'] },
      },
    }),
    'package.json': '{"name":"bench-watch"}\n',
    'src/a.js': 'export const a = 0;\n',
  });
  const child = execa(process.execPath, [cli, 'watch', ...args], { cwd: project, env: CI_ENV, reject: false, stdin: 'ignore' });
  let output = '';
  /** When each step line arrived, in order. */
  const stepTimes: number[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    const now = performance.now();
    output += text;
    for (let at = text.indexOf(STEP_LINE); at !== -1; at = text.indexOf(STEP_LINE, at + 1)) stepTimes.push(now);
  });
  const idleCount = () => output.split(IDLE_LINE).length - 1;
  try {
    await until(() => idleCount() >= 1, () => output);
    const latencies: number[] = [];
    // One unmeasured sample first: the first re-run pays for warming caches in the CLI.
    for (let i = 0; i <= samples; i += 1) {
      const steps = stepTimes.length;
      const idle = idleCount();
      const savedAt = performance.now();
      writeFileSync(path.join(project, 'src', 'a.js'), `export const a = ${i + 1};\n`);
      await until(() => stepTimes.length > steps && idleCount() > idle, () => output);
      if (i > 0) latencies.push(stepTimes[steps]! - savedAt);
    }
    return median(latencies);
  } finally {
    child.kill('SIGTERM');
    await child;
  }
}

async function until(condition: () => boolean, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`ci watch did not get there in ${timeoutMs} ms:\n${output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
