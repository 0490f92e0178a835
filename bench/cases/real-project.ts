/**
 * A real project: the vitest + TypeScript library of the e2e tests with its real
 * dependencies (needs the npm registry, reached the way the host reaches it). After a
 * one-line edit, `ci run` (zero config: the shared install, then lint, typecheck and
 * test) against the host's own `npx vitest run` and `npx tsc --noEmit`, run one after
 * the other in the same project; and how long a run takes to decide that the install
 * layer of an unchanged lock file can be used as it is.
 */
import { execa } from 'execa';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { VITEST_PROJECT_FILES } from '../../test/helpers/real-project-files.js';
import { CI_ENV } from '../ci.js';
import { median, mustRun } from '../measure.js';
import { commitAll, makeProject } from '../project.js';
import { compared, type BenchRow } from '../row.js';

const QUIET = ['--no-audit', '--no-fund'];

export async function realProjectBench(cli: string, samples = 3): Promise<BenchRow[]> {
  const project = makeProject(VITEST_PROJECT_FILES);
  await mustRun('npm', ['install', ...QUIET], { cwd: project });
  commitAll(project, 'lock file');
  // The cold run installs once into the layer; every measured run reuses it.
  await mustRun(process.execPath, [cli, 'run'], { cwd: project, env: CI_ENV });
  const host: number[] = [];
  const localci: number[] = [];
  const decisions: number[] = [];
  for (let sample = 1; sample <= samples; sample += 1) {
    // A new line each time: the edited file must miss the job cache, on both sides, and the tests still pass.
    edit(project, `host ${sample}`);
    const start = performance.now();
    await mustRun('npx', ['vitest', 'run'], { cwd: project });
    await mustRun('npx', ['tsc', '--noEmit'], { cwd: project });
    host.push(performance.now() - start);
    edit(project, `localci ${sample}`);
    const run = await timedRun(cli, project);
    localci.push(run.wallMs);
    decisions.push(run.installDecisionMs);
  }
  const row = compared('real project (vitest + TS), one-line edit: `ci run` (lint, typecheck, test)', median(localci), { label: 'host `npx vitest run` + `npx tsc --noEmit`', value: median(host) }, samples);
  return [
    { ...row, goal: '≤ 1.5×', ok: row.ratio! <= 1.5 },
    { name: 'real project: install layer of an unchanged lock file, decided in', value: median(decisions), unit: 'ms', runs: samples, goal: '≤ 300 ms', ok: median(decisions) <= 300 },
  ];
}

/** The one-line edit: a comment in the library's source. */
function edit(project: string, note: string): void {
  appendFileSync(path.join(project, 'src/sum.ts'), `// ${note}\n`);
}

/**
 * One `ci run --debug`: its wall time, and the install decision read from its phases: the time
 * from the image ids to the job cache checked, where the run looks up the install layer.
 */
async function timedRun(cli: string, cwd: string): Promise<{ wallMs: number; installDecisionMs: number }> {
  const start = performance.now();
  const result = await execa(process.execPath, [cli, 'run', '--debug'], { cwd, env: CI_ENV, reject: false });
  const wallMs = performance.now() - start;
  const phases = /^debug phases (\{.*\})$/m.exec(result.stderr);
  if (result.exitCode !== 0 || !phases) throw new Error(`ci run exited ${result.exitCode}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  if (!/install\s.*cached/.test(result.stdout)) throw new Error(`the install job ran although the lock file did not change:\n${result.stdout.slice(-2000)}`);
  const marks = JSON.parse(phases[1]!) as Record<string, number>;
  return { wallMs, installDecisionMs: marks['cache checked']! - marks['images ready']! };
}
