/**
 * Large working trees (5,000 and 50,000 files of 4 KB): a 2-job pipeline whose
 * jobs both count the files they were given, through localci and through
 * gitlab-ci-local on the same clone, cold and warm.
 *
 * - cold: the first run after a fresh clone, or with the tool's state folder
 *   deleted (localci's in the git directory, `.gitlab-ci-local/`);
 * - warm: the next run after a few files changed.
 * localci runs with `--no-cache` both times, so its jobs really run.
 *
 * From the same localci runs: the time from the run's start (its `run-start`
 * event, taken before the source tree is read) until the first job's first step
 * begins, i.e. what delivering the workspace costs before any work happens.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { locateState } from '../../src/state/state-location.js';
import { ciRunJson, jobLines, type JsonRun } from '../ci.js';
import { GCL_LABEL, runGitlabCiLocal } from '../gitlab-ci-local.js';
import { changeFiles, cloneLargeRepo } from '../large-repo.js';
import { median } from '../measure.js';
import { pipelineFiles, type BenchJobs } from '../pipelines.js';
import { commitAll, writeFiles } from '../project.js';
import { compared, type BenchRow } from '../row.js';

const BYTES_PER_FILE = 4096;
const CHANGED_FILES = 3;

/** Runs per tree size: gitlab-ci-local takes most of a minute per run on 50,000 files. */
const SIZES = [
  { files: 5_000, runs: 3 },
  { files: 50_000, runs: 1 },
];

export async function largeTreeBench(cli: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of SIZES) rows.push(...(await measureSize(cli, size.files, size.runs)));
  return rows;
}

async function measureSize(cli: string, fileCount: number, runs: number): Promise<BenchRow[]> {
  const { dir, files } = cloneLargeRepo({ files: fileCount, bytesPerFile: BYTES_PER_FILE });
  // Every file of the clone plus the ones the pipeline adds (configs, .gitignore); `.git` is
  // left out, which gitlab-ci-local copies into its jobs and localci does not.
  const expected = fileCount + Object.keys(pipelineFiles({})).length;
  const jobs = countingJobs(expected);
  writeFiles(dir, pipelineFiles(jobs));
  commitAll(dir, 'pipeline');
  const names = Object.keys(jobs);
  const proof = () => `files: ${expected}`;

  const label = `${fileCount / 1000}k files`;
  // These runs are long: say how each went, so a slow bench is not a silent one.
  const note = (what: string, ms: number) => process.stderr.write(`bench:   ${label}, ${what}: ${(ms / 1000).toFixed(1)} s\n`);
  const samples = { ciCold: [] as JsonRun[], ciWarm: [] as JsonRun[], gclCold: [] as number[], gclWarm: [] as number[] };
  let round = 0;
  for (let i = 0; i < runs; i += 1) {
    rmSync(locateState(dir).dir, { recursive: true, force: true });
    samples.ciCold.push(checked(await ciRunJson(cli, dir, ['--no-cache']), names, proof()));
    note('localci cold', samples.ciCold.at(-1)!.wallMs);
    changeFiles(dir, files, CHANGED_FILES, (round += 1));
    samples.ciWarm.push(checked(await ciRunJson(cli, dir, ['--no-cache']), names, proof()));
    note('localci warm', samples.ciWarm.at(-1)!.wallMs);

    rmSync(path.join(dir, '.gitlab-ci-local'), { recursive: true, force: true });
    samples.gclCold.push(await runGitlabCiLocal(dir, { jobs: names, output: proof }));
    note('gitlab-ci-local cold', samples.gclCold.at(-1)!);
    changeFiles(dir, files, CHANGED_FILES, (round += 1));
    samples.gclWarm.push(await runGitlabCiLocal(dir, { jobs: names, output: proof }));
    note('gitlab-ci-local warm', samples.gclWarm.at(-1)!);
  }

  const wall = (list: readonly JsonRun[]) => median(list.map((run) => run.wallMs));
  return [
    compared(`${label}, 2-job pipeline, cold`, wall(samples.ciCold), { label: GCL_LABEL, value: median(samples.gclCold) }, runs),
    compared(`${label}, 2-job pipeline, warm (${CHANGED_FILES} files changed)`, wall(samples.ciWarm), { label: GCL_LABEL, value: median(samples.gclWarm) }, runs),
    { name: `${label}: run start → first step, cold`, value: median(samples.ciCold.map(firstStepMs)), unit: 'ms', runs },
    { name: `${label}: run start → first step, warm`, value: median(samples.ciWarm.map(firstStepMs)), unit: 'ms', runs },
  ];
}

/** Independent jobs that each read the whole tree and fail on a wrong file count. */
export function countingJobs(expected: number, names = ['count-a', 'count-b']): BenchJobs {
  const count = `n=$(find . -type f ! -path './.git/*' | wc -l); echo "files: $n"; test "$n" -eq ${expected}`;
  return Object.fromEntries(names.map((name) => [name, { steps: [count] }]));
}

export function checked(run: JsonRun, jobs: readonly string[], proof: string): JsonRun {
  const missing = jobs.filter((job) => !jobLines(run.events, job).some((line) => line.includes(proof)));
  if (missing.length > 0) throw new Error(`localci jobs did not print "${proof}": ${missing.join(', ')}`);
  return run;
}

export function firstStepMs(run: JsonRun): number {
  const start = run.events.find((event) => event.type === 'run-start');
  const step = run.events.find((event) => event.type === 'step-start');
  if (!start || !step) throw new Error('the run reported no run-start or no step-start');
  return step.time - start.time;
}
