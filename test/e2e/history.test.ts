/**
 * Run history end to end: runs that passed, failed and were killed (kill -9,
 * so the record can never say how it ended) show up in `ci history`, `ci show`
 * and `ci logs`, followed live with `--follow`, and old runs go at the next start.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { followOutput } from '../helpers/live-output.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { recordedRunIds, runDirOf, statePath } from '../helpers/local-state.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const config = (jobs: object) => JSON.stringify({ image: BUSYBOX, pull: 'never', jobs });
const twoJobs = (failTest: boolean) =>
  config({
    build: { steps: ['echo "building <app> & co"', 'echo built'] },
    test: { needs: ['build'], steps: ['echo testing', failTest ? 'echo "assertion failed" >&2; exit 4' : 'echo all good'] },
  });

const runIds = recordedRunIds;

describe('ci history, show and logs', () => {
  it('records passing, failing and killed runs, newest first, and shows each one', async () => {
    const repo = await createGitRepo({ 'ci.config.json': twoJobs(false) }, { commit: true });
    const passed = await runCli(['run'], { cwd: repo });
    expect(passed.exitCode, passed.all).toBe(0);
    writeFileSync(path.join(repo, 'ci.config.json'), twoJobs(true));
    await git(repo, 'commit', '-qam', 'break the tests');
    const failed = await runCli(['run'], { cwd: repo });
    expect(failed.exitCode, failed.all).toBe(1);

    // Killed mid-step: the record still says "running" and its process is gone.
    writeFileSync(path.join(repo, 'ci.config.json'), config({ slow: { steps: ['echo slow-started', 'sleep 60'] } }));
    const child = startCli(['run'], { cwd: repo });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('slow-started'), { timeoutMs: 30_000, message: 'the slow job to start' });
    // Log files are written in batches held at most 200 ms: wait for the line to be on disk.
    const slowLog = path.join(runDirOf(repo, runIds(repo)[2]!), 'slow.log');
    await waitFor(() => existsSync(slowLog) && readFileSync(slowLog, 'utf8').includes('slow-started'), { message: 'the line in the log file' });
    child.kill('SIGKILL');
    await child.catch(() => undefined);
    const [firstId, secondId, killedId] = runIds(repo);

    const history = await runCli(['history'], { cwd: repo });
    expect(history.exitCode, history.all).toBe(0);
    const lines = history.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+STARTED\s+COMMIT\s+BRANCH\s+TRIGGER\s+RESULT\s+DURATION$/);
    const head = (await git(repo, 'rev-parse', 'HEAD')).slice(0, 8);
    expect(lines[1]).toMatch(new RegExp(`^${killedId}\\s+\\S+ \\S+\\s+${head}\\+\\s+main\\s+run\\s+⊘ interrupted\\s+\\d`));
    expect(lines[2]).toMatch(new RegExp(`^${secondId}\\s+\\S+ \\S+\\s+${head}\\s+main\\s+run\\s+✗ failed\\s+\\d`));
    expect(lines[3]).toMatch(new RegExp(`^${firstId}\\s+.*\\s+run\\s+✓ passed\\s+\\d`));

    const json = JSON.parse((await runCli(['history', '--json', '--limit', '2'], { cwd: repo })).stdout);
    expect(json.map((run: { id: string; status: string }) => [run.id, run.status])).toEqual([
      [killedId, 'interrupted'],
      [secondId, 'failed'],
    ]);
    expect(json[1].configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(json[1].jobs.map((job: { job: string; status: string }) => `${job.job}:${job.status}`)).toEqual(['build:passed', 'test:failed']);

    const byJob = await runCli(['history', '--job', 'test'], { cwd: repo });
    expect(byJob.stdout).toMatch(new RegExp(`${secondId}.*✗ failed \\(exit 4\\) \\d`));
    expect(byJob.stdout).toMatch(new RegExp(`${firstId}.*✓ passed \\d`));
    expect(byJob.stdout).not.toContain(killedId);
    const typo = await runCli(['history', '--job', 'tset'], { cwd: repo });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('No recorded run has a job "tset" (did you mean "test"?)');

    const show = await runCli(['show', secondId!.slice(-4)], { cwd: repo });
    expect(show.exitCode, show.all).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`run\\s+${secondId}\\s+✗ failed`));
    expect(show.stdout).toMatch(/build\s+✓ passed\s+\S+\s+1\s+0\s+sha256:[0-9a-f]{12}/);
    expect(show.stdout).toMatch(/test\s+✗ failed\s+\S+\s+1\s+4\s+sha256:[0-9a-f]{12}/);
    expect(show.stdout).toContain(`log of test: ci logs test --run ${secondId}`);
    const killedShow = await runCli(['show'], { cwd: repo });
    expect(killedShow.stdout).toMatch(/⊘ interrupted/);
    expect(killedShow.stdout).toMatch(/slow\s+⊘ did not finish/);

    // The command the pre-push hook prints works as printed.
    const testLog = await runCli(['logs', 'test', '--run', secondId!], { cwd: repo });
    expect(testLog.exitCode, testLog.all).toBe(0);
    expect(testLog.stdout.split('\n')).toEqual(expect.arrayContaining(['testing', 'assertion failed', '$ echo testing']));
    expect(testLog.stdout).not.toContain('[test]');
    const all = await runCli(['logs', '--commit', 'HEAD'], { cwd: repo });
    // The newest run of HEAD is the killed one; its log ends where the kill cut it.
    expect(all.stdout).toMatch(/^\[slow\] +slow-started$/m);
    const older = await runCli(['logs', '--run', firstId!], { cwd: repo });
    expect(older.stdout).toMatch(/^\[build\] building <app> & co$/m);
    expect(older.stdout).toMatch(/^\[test\]  all good$/m);
    const missing = await runCli(['logs', 'nope'], { cwd: repo });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`Run ${killedId} has no job "nope"`);
  });

  it('follows a running run until it ends, showing lines as they come', async () => {
    // The job waits after its first line until the test lets it go, once the follower has shown
    // that line: live by construction, however slow the machine, not by how early it came.
    const steps = ['echo "tick 1"; while [ ! -e /tmp/go ]; do sleep 0.1; done', 'for i in 2 3; do echo "tick $i"; done'];
    const repo = await createGitRepo({ 'ci.config.json': config({ ticker: { steps } }) }, { commit: true });
    const run = startCli(['run'], { cwd: repo });
    await waitFor(() => runIds(repo).length === 1 && existsSync(path.join(runDirOf(repo, runIds(repo)[0]!), 'run.json')), { timeoutMs: 30_000, message: 'the run record' });
    const follow = startCli(['logs', 'ticker', '--follow'], { cwd: repo });
    const followed = followOutput(follow);
    await followed.waitFor('tick 1');
    expect(run.exitCode, 'the run ended before the follower showed its first line').toBeNull();
    const [container] = (await localciObjects({ projectDir: repo })).containers;
    await execa('docker', ['exec', container!, 'touch', '/tmp/go']);
    const [runResult, followResult] = await Promise.all([run, follow]);
    expect(runResult.exitCode, runResult.all).toBe(0);
    expect(followResult.exitCode, followResult.all).toBe(0);
    expect(followResult.stdout.split('\n').filter((line) => line.startsWith('tick'))).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(followResult.stderr).toContain('ended: ✓ passed');
  });

  it('removes runs past the retention limits when the next run starts, never a live one', async () => {
    const repo = await createGitRepo({ 'ci.config.json': config({ quick: { steps: ['true'] } }) }, { commit: true });
    const runs = statePath(repo, 'runs');
    const record = (runId: string, daysAgo: number, extra: object = {}) => {
      mkdirSync(path.join(runs, runId), { recursive: true });
      const startedAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      writeFileSync(path.join(runs, runId, 'run.json'), JSON.stringify({ schema: 1, runId, trigger: 'run', pid: 999_999, startedAt, finishedAt: startedAt, status: 'passed', jobs: [], ...extra }));
    };
    record('20200101-000000-old1', 30);
    record('20200101-000000-new1', 1);
    // Still running as far as anyone can tell: this test process owns it.
    record('20200101-000000-live', 40, { status: 'running', pid: process.pid, finishedAt: undefined });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const left = readdirSync(runs);
    expect(left).not.toContain('20200101-000000-old1');
    expect(left).toEqual(expect.arrayContaining(['20200101-000000-new1', '20200101-000000-live']));
    expect(left).toHaveLength(3);
  });

  it('says there is nothing yet before the first run', async () => {
    const repo = await createGitRepo({ 'ci.config.json': config({ quick: { steps: ['true'] } }) }, { commit: true });
    const history = await runCli(['history'], { cwd: repo });
    expect(history.exitCode).toBe(0);
    expect(history.stdout).toContain('No runs recorded yet');
    const logs = await runCli(['logs'], { cwd: repo });
    expect(logs.exitCode).toBe(2);
    expect(logs.stderr).toContain('No runs recorded here yet');
  });
});
