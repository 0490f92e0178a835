/**
 * `hooks.prePush.coverage`: a push whose line coverage falls more than `maxDrop` against the
 * branch's previous run, or below `min`, is refused with the numbers and the files that lost
 * the most lines; the coverage file is an lcov tracefile the job copies into place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, branchHead, commitFiles, createGitRepo, pushMain } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  const left = await localciObjects();
  await removeLocalciObjects();
  await cleanupTempDirs();
  expect(left.containers).toEqual([]);
});

/** An lcov record per file: `covered` of `total` lines run. */
const lcov = (files: Record<string, [number, number]>) =>
  Object.entries(files)
    .map(([file, [covered, total]]) => [`SF:/workspace/${file}`, ...Array.from({ length: total }, (_, line) => `DA:${line + 1},${line < covered ? 1 : 0}`), 'end_of_record'].join('\n'))
    .join('\n') + '\n';

const CONFIG = {
  image: BUSYBOX,
  pull: 'never',
  hooks: { prePush: { coverage: { min: 60, maxDrop: 1 } } },
  jobs: { unit: { steps: ['mkdir -p coverage && cp measured.info coverage/lcov.info'], reports: { coverage: 'coverage/lcov.info' } } },
};

describe('ci hook: coverage limits', () => {
  it('lets a push through within the limits, refuses one that drops too far, saying by how much and where', async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(CONFIG), 'measured.info': lcov({ 'src/a.js': [90, 100], 'src/b.js': [10, 10] }) }, { commit: true });
    const remote = await addBareRemote(repo);
    const installed = await runCli(['hook', 'install'], { cwd: repo });
    expect(installed.exitCode, installed.all).toBe(0);

    const first = await pushMain(repo);
    expect(first.exitCode, first.all).toBe(0);
    const good = await branchHead(remote);

    await commitFiles(repo, { 'measured.info': lcov({ 'src/a.js': [70, 100], 'src/b.js': [10, 10], 'src/c.js': [1, 5] }) }, 'less tested');
    const refused = await pushMain(repo);
    expect(refused.exitCode, refused.all).not.toBe(0);
    // 81/115 = 70.4% against 100/110 = 90.9%.
    expect(refused.all).toMatch(/push refused.*line coverage fell 20\.5 points \(90\.9% in run \d{8}-\d{6}-[0-9a-f]{4} → 70\.4%\), more than the 1 point allowed/);
    expect(refused.all).toMatch(/most lines lost in:\n\s+src\/a\.js: 20 more lines not covered \(90\.0% → 70\.0%\)\n\s+src\/c\.js: 4 more lines not covered \(new, 20\.0%\)/);
    expect(refused.all).toContain('LOCALCI_SKIP=1');
    expect(await branchHead(remote)).toBe(good);
    // Trying again compares with what the branch has on the remote, not with the refused run.
    const again = await pushMain(repo);
    expect(again.exitCode, again.all).not.toBe(0);
    expect(again.all).toContain('line coverage fell 20.5 points');

    await commitFiles(repo, { 'measured.info': lcov({ 'src/a.js': [50, 100] }) }, 'far less tested');
    const below = await pushMain(repo, { LOCALCI_SKIP: undefined });
    expect(below.all).toMatch(/line coverage is 50\.0%, 10 points below the minimum of 60%/);
  });
});
