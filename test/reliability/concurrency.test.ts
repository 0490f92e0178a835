/**
 * Several localci processes on one project at once, all sharing its state folder and its
 * Docker label: two `ci run`s started together; `ci watch` re-running on saves while a
 * `git push` runs the pre-push hook. Every run gets its own correct result, none reaps or
 * cleans up another's containers, and the state stays readable (history, logs, job cache).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliResult } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, branchHead, commitFiles, createGitRepo, git, pushMain, writeFiles } from '../helpers/git-repo.js';
import { holdProject } from '../helpers/hold-project.js';
import { followOutput } from '../helpers/live-output.js';
import { overlapped, recordedRuns, tempEntries, type RecordedRun } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX, jobLines } from '../e2e/sample-pipeline.js';

const NOTHING = { containers: [], networks: [], volumes: [] };
const IDLE = 'watching for changes';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** build → unit ‖ lint; unit and lint print the container they ran in, to tell runs apart. */
const RUN_PIPELINE = JSON.stringify({
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    build: { inputs: ['src/**'], steps: ['mkdir -p dist && cat src/*.txt > dist/bundle.txt', 'sleep 0.5'], artifacts: ['dist/'] },
    unit: { needs: ['build'], inputs: ['test/**'], steps: ['echo "bundle: $(cat dist/bundle.txt)"', 'echo "test: $(cat test/t.txt)"', 'echo "container: $HOSTNAME"', 'sleep 0.5'] },
    lint: { needs: ['build'], inputs: ['lint/**'], steps: ['echo "lint: $(cat lint/rules.txt)"', 'echo "container: $HOSTNAME"'] },
  },
});

function runIdOf(result: CliResult): string {
  const id = /localci run (\S+):/.exec(result.stdout)?.[1];
  expect(id, result.all).toBeDefined();
  return id!;
}

async function jobLog(repo: string, runId: string, job: string): Promise<string> {
  const logs = await runCli(['logs', job, '--run', runId], { cwd: repo });
  expect(logs.exitCode, logs.all).toBe(0);
  return logs.stdout;
}

describe('two ci run of one project at once', () => {
  it('both pass with their own output and logs; history, the job cache and a third run still work', async () => {
    const repo = await createGitRepo({ 'ci.config.json': RUN_PIPELINE, 'src/a.txt': 'alpha\n', 'test/t.txt': 'first\n', 'lint/rules.txt': 'strict\n' }, { commit: true });
    // Held until both runs have started, so neither can have ended before the other began.
    const hold = await holdProject(repo);
    const running = Promise.all([runCli(['run'], { cwd: repo }), runCli(['run'], { cwd: repo })]);
    await waitFor(() => runsOf(repo, 'run').length === 2, { timeoutMs: 60_000, message: 'both runs to start' });
    await hold.release();
    const runs = await running;

    const ids = runs.map(runIdOf);
    expect(new Set(ids).size).toBe(2);
    const [one, two] = ids.map((id) => finished(repo, id));
    expect(overlapped(one!, two!), 'the two runs were under way at the same time').toBe(true);
    const containers: string[] = [];
    for (const [index, run] of runs.entries()) {
      expect(run.exitCode, run.all).toBe(0);
      expect(run.stdout).toMatch(/^PASSED /m);
      // A job may come from the cache the other run has just filled; one that ran shows its work.
      const unit = jobLines(run.stdout, 'unit');
      if (unit.length > 0) expect(unit).toEqual(expect.arrayContaining(['bundle: alpha', 'test: first']));
      for (const job of ['unit', 'lint']) {
        const container = jobLines(run.stdout, job).find((line) => line.startsWith('container: '));
        if (container === undefined) continue;
        // Each run's log file holds its own job's output, not the other run's.
        expect(await jobLog(repo, ids[index]!, job)).toContain(container);
        containers.push(container);
      }
    }
    expect(new Set(containers).size, 'every job that ran had a container of its own').toBe(containers.length);

    const history = JSON.parse((await runCli(['history', '--json'], { cwd: repo })).stdout) as Array<{ id: string; status: string }>;
    expect(history.map((run) => [run.id, run.status]).sort()).toEqual(ids.map((id) => [id, 'passed']).sort());

    const cache = await runCli(['cache', 'ls'], { cwd: repo });
    expect(cache.exitCode, cache.all).toBe(0);
    const cachedJobs = cache.stdout.split('\n').slice(1, -1).map((line) => line.split(/\s+/)[0]);
    expect(cachedJobs.sort()).toEqual(['build', 'lint', 'unit']);

    // A third run: build and lint come from that cache, unit runs on build's cached artifact.
    writeFiles(repo, { 'test/t.txt': 'second\n' });
    const third = await runCli(['run'], { cwd: repo });
    expect(third.exitCode, third.all).toBe(0);
    expect(third.stdout).toMatch(/≡ build\s+cached/);
    expect(third.stdout).toMatch(/✓ unit\s+passed/);
    expect(third.stdout).toMatch(/≡ lint\s+cached/);
    expect(jobLines(third.stdout, 'unit')).toEqual(expect.arrayContaining(['bundle: alpha', 'test: second']));

    expect(await localciObjects({ projectDir: repo })).toEqual(NOTHING);
    expect(tempEntries(repo)).toEqual([]);
  });
});

/** `test` fails unless app.txt says "good". Where two runs must overlap, the test holds them (hold-project.ts). */
const HOOK_PIPELINE = JSON.stringify({
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    build: { steps: ['test -f app.txt', 'ls src', 'sleep 0.5'] },
    test: { needs: ['build'], steps: ['echo "checking app.txt"', 'sleep 0.5', 'grep -qx good app.txt || { echo "app.txt is broken: $(cat app.txt)"; exit 1; }'] },
  },
});

describe('ci watch while git push runs the pre-push hook', () => {
  it('both finish with their own verdicts, the watch goes on, and nothing is left when it quits', async () => {
    const repo = await createGitRepo({ 'ci.config.json': HOOK_PIPELINE, 'app.txt': 'good\n', 'src/a.txt': 'one\n' }, { commit: true });
    const remote = await addBareRemote(repo);
    const install = await runCli(['hook', 'install'], { cwd: repo });
    expect(install.exitCode, install.all).toBe(0);
    // Never committed, so no watch run (which sees it) and no hook run (which does not) can
    // take the other's results from the job cache: both really run.
    writeFiles(repo, { 'src/scratch.txt': 'draft 1\n' });

    const watch = startCli(['watch'], { cwd: repo });
    const output = followOutput(watch);
    await output.waitFor(IDLE);
    expect(output.text()).toMatch(/PASSED 2 passed/);

    // A good commit is pushed; while its hook runs, a save makes the watch run again.
    let mark = output.text().length;
    const good = await commitFiles(repo, { 'src/a.txt': 'two\n' }, 'good change');
    await output.waitFor(IDLE, { times: 2 });
    // Held from here until the watch run on the save has started: the hook run cannot end before.
    const hold = await holdProject(repo);
    const pushing = pushMain(repo);
    const hookRun = await newRun(repo, 'hook');
    const watchRuns = new Set(runsOf(repo, 'watch'));
    writeFiles(repo, { 'src/scratch.txt': 'draft 2\n' });
    await newRun(repo, 'watch', watchRuns);
    await hold.release();
    const accepted = await pushing;
    expect(accepted.exitCode, accepted.all).toBe(0);
    expect(await branchHead(remote)).toBe(good);
    await output.waitFor(IDLE, { times: 3 });
    expect(output.text().slice(mark)).not.toMatch(/FAILED|INTERRUPTED/);
    expect(overlapped(finished(repo, hookRun), lastWatchRun(repo)), 'the hook ran while the watch did').toBe(true);

    // A broken commit: the watch run on the saved file fails, and so does the hook: the push is refused.
    mark = output.text().length;
    const starts = countStarts(output.text());
    // Held from here until the hook run of the push has started: the watch run cannot end before.
    const holdAgain = await holdProject(repo);
    await commitFiles(repo, { 'app.txt': 'broken\n' }, 'break it');
    await output.waitFor(/\[build\]\s+▶ started/, { times: starts + 1 });
    const refusing = pushMain(repo);
    await newRun(repo, 'hook');
    await holdAgain.release();
    const refused = await refusing;
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toContain('push refused');
    expect(refused.all).toContain('app.txt is broken: broken');
    expect(await branchHead(remote)).toBe(good);
    await output.waitFor(IDLE, { times: 4 });
    expect(output.text().slice(mark)).toMatch(/FAILED/);
    const refusingRun = recordedRuns(repo).filter((run) => run.trigger === 'hook').at(-1)!;
    expect(overlapped(refusingRun, lastWatchRun(repo)), 'the hook ran while the watch did').toBe(true);

    // The watch goes on: the fixed file passes again (from the cache: that content passed before).
    mark = output.text().length;
    writeFiles(repo, { 'app.txt': 'good\n' });
    await output.waitFor(IDLE, { times: 5 });
    expect(output.text().slice(mark)).toMatch(/PASSED 2 cached/);

    watch.kill('SIGTERM');
    expect((await watch).exitCode).toBe(130);
    expect(await localciObjects({ projectDir: repo })).toEqual(NOTHING);
    expect(tempEntries(repo)).toEqual([]);
    // Only the user's own edits: nothing of localci's shows, nothing was changed by a run.
    expect(await git(repo, 'status', '--porcelain')).toBe(' M app.txt\n?? src/scratch.txt');
  });
});

function runsOf(repo: string, trigger: string): string[] {
  return recordedRuns(repo).filter((run) => run.trigger === trigger).map((run) => run.runId);
}

/** Waits for a run of `trigger` not among `known` (default: the runs recorded now) to start; returns its id. */
async function newRun(repo: string, trigger: string, known = new Set(recordedRuns(repo).map((run) => run.runId))): Promise<string> {
  let found: RecordedRun | undefined;
  await waitFor(() => (found = recordedRuns(repo).find((run) => run.trigger === trigger && !known.has(run.runId))) !== undefined, {
    timeoutMs: 90_000,
    message: `a ${trigger} run to start`,
  });
  return found!.runId;
}

function finished(repo: string, runId: string): RecordedRun {
  return recordedRuns(repo).find((run) => run.runId === runId)!;
}

function lastWatchRun(repo: string): RecordedRun {
  return recordedRuns(repo).filter((run) => run.trigger === 'watch').at(-1)!;
}

function countStarts(text: string): number {
  return text.match(/\[build\]\s+▶ started/g)?.length ?? 0;
}
