/**
 * A folder of 50,000 small files that git neither tracks nor ignores (a `node_modules` without a
 * `.gitignore`): each run snapshots them through the content store, where tracked files are
 * hard-linked from the working tree. One job counts the files it was given; cold (no state),
 * then warm (nothing changed), against the same files committed.
 */
import { rmSync } from 'node:fs';
import { locateState } from '../../src/state/state-location.js';
import { ciRunJson, type JsonRun } from '../ci.js';
import { cloneLargeRepo } from '../large-repo.js';
import { median } from '../measure.js';
import { pipelineFiles } from '../pipelines.js';
import { commitAll, git, writeFiles } from '../project.js';
import { compared, type BenchRow } from '../row.js';
import { checked, countingJobs, firstStepMs } from './large-tree.js';

const FILES = 50_000;
const RUNS = 1;

export async function untrackedBench(cli: string): Promise<BenchRow[]> {
  const { dir } = cloneLargeRepo({ files: FILES, bytesPerFile: 4096 });
  const expected = FILES + Object.keys(pipelineFiles({})).length;
  const jobs = countingJobs(expected, ['count']);
  writeFiles(dir, pipelineFiles(jobs));
  commitAll(dir, 'pipeline');
  const proof = `files: ${expected}`;
  const run = async () => checked(await ciRunJson(cli, dir, ['--no-cache']), ['count'], proof);
  const coldAndWarm = async () => {
    const samples = { cold: [] as JsonRun[], warm: [] as JsonRun[] };
    for (let i = 0; i < RUNS; i += 1) {
      rmSync(locateState(dir).dir, { recursive: true, force: true });
      samples.cold.push(await run());
      samples.warm.push(await run());
    }
    return samples;
  };
  const tracked = await coldAndWarm();
  // The same files, no longer committed: they stay on disk, untracked and not ignored.
  git(dir, 'rm', '-r', '-q', '--cached', 'tree');
  git(dir, 'commit', '-q', '-m', 'untrack the generated files');
  const untracked = await coldAndWarm();

  const wall = (list: readonly JsonRun[]) => median(list.map((sample) => sample.wallMs));
  const step = (list: readonly JsonRun[]) => median(list.map(firstStepMs));
  const label = `${FILES / 1000}k untracked files`;
  return [
    compared(`${label}, 1-job pipeline, cold`, wall(untracked.cold), { label: 'the same files committed', value: wall(tracked.cold) }, RUNS),
    compared(`${label}, 1-job pipeline, warm (unchanged)`, wall(untracked.warm), { label: 'the same files committed', value: wall(tracked.warm) }, RUNS),
    compared(`${label}: run start → first step, cold`, step(untracked.cold), { label: 'committed', value: step(tracked.cold) }, RUNS),
  ];
}
