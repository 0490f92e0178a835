/**
 * The job-result cache end to end: an unchanged re-run runs nothing; a changed
 * input file re-runs exactly the jobs that read it and the jobs after them;
 * artifacts of cached jobs still reach the jobs that need them.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const CONFIG = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    build: { inputs: ['src/**'], steps: ['mkdir -p dist && cat src/* > dist/app.txt'], artifacts: ['dist/'] },
    unit: { needs: ['build'], inputs: ['test/**'], steps: ['cat dist/app.txt test/*'] },
    lint: { inputs: ['lint/**'], steps: ['cat lint/*'] },
    docs: { needs: ['lint'], inputs: ['docs/**'], steps: ['echo docs'] },
  },
};

const FILES = {
  'ci.config.json': JSON.stringify(CONFIG),
  'src/app.txt': 'app v1\n',
  'test/case.txt': 'case 1\n',
  'lint/rules.txt': 'rules\n',
  'docs/index.md': '# docs\n',
  'README.md': 'readme\n',
};

/** Job name → status word from the summary table. */
function statuses(stdout: string): Record<string, string> {
  const rows = stdout.split('\n').filter((line) => /^ {2}\S+ (build|unit|lint|docs) /.test(line));
  return Object.fromEntries(rows.map((row) => row.trim().split(/\s+/).slice(1, 3).map((word) => word.replace(/:$/, ''))));
}

describe('job-result cache', () => {
  it('re-runs exactly the jobs whose inputs changed, and the jobs after them', async () => {
    const repo = await createGitRepo(FILES, { commit: true });
    const first = await runCli(['run'], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);
    expect(statuses(first.stdout)).toEqual({ build: 'passed', unit: 'passed', lint: 'passed', docs: 'passed' });

    const unchanged = await runCli(['run'], { cwd: repo });
    expect(unchanged.exitCode, unchanged.all).toBe(0);
    expect(statuses(unchanged.stdout)).toEqual({ build: 'cached', unit: 'cached', lint: 'cached', docs: 'cached' });
    expect(unchanged.stdout).toMatch(/PASSED 4 cached/);

    // A file no job reads changes nothing, and the run record says so job by job (--json names the record).
    appendFileSync(path.join(repo, 'README.md'), 'read by nobody\n');
    const unread = await runCli(['run', '--json'], { cwd: repo });
    const end = unread.stdout.trim().split('\n').map((line) => JSON.parse(line)).at(-1);
    expect(end, unread.all).toMatchObject({ type: 'run-end', status: 'passed' });
    const record = JSON.parse(readFileSync(path.join(end.runDir, 'run.json'), 'utf8')) as { jobs: Array<{ job: string; status: string }> };
    expect(Object.fromEntries(record.jobs.map(({ job, status }) => [job, status]))).toEqual({ build: 'cached', unit: 'cached', lint: 'cached', docs: 'cached' });

    appendFileSync(path.join(repo, 'test', 'case.txt'), 'case 2\n');
    const testChanged = await runCli(['run'], { cwd: repo });
    expect(statuses(testChanged.stdout)).toEqual({ build: 'cached', unit: 'passed', lint: 'cached', docs: 'cached' });
    // unit re-ran with the artifact of the cached build.
    expect(testChanged.stdout).toMatch(/\[unit\]\s+app v1/);

    appendFileSync(path.join(repo, 'lint', 'rules.txt'), 'more rules\n');
    expect(statuses((await runCli(['run'], { cwd: repo })).stdout)).toEqual({ build: 'cached', unit: 'cached', lint: 'passed', docs: 'passed' });

    appendFileSync(path.join(repo, 'src', 'app.txt'), 'app v2\n');
    const srcChanged = await runCli(['run'], { cwd: repo });
    expect(statuses(srcChanged.stdout)).toEqual({ build: 'passed', unit: 'passed', lint: 'cached', docs: 'cached' });
    expect(srcChanged.stdout).toMatch(/\[unit\]\s+app v2/);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('never caches a failure, runs everything with --no-cache, and lists and clears entries', async () => {
    const failing = { ...CONFIG, jobs: { ...CONFIG.jobs, lint: { inputs: ['lint/**'], steps: ['exit 1'] } } };
    const repo = await createGitRepo({ ...FILES, 'ci.config.json': JSON.stringify(failing) }, { commit: true });
    expect((await runCli(['run', 'lint'], { cwd: repo })).exitCode).toBe(1);
    expect((await runCli(['run', 'lint'], { cwd: repo })).stdout).toMatch(/\[lint\]\s+✗ failed/);

    await runCli(['run', 'unit'], { cwd: repo });
    const forced = await runCli(['run', 'unit', '--no-cache'], { cwd: repo });
    expect(statuses(forced.stdout)).toEqual({ build: 'passed', unit: 'passed' });

    const listing = await runCli(['cache', 'ls'], { cwd: repo });
    expect(listing.exitCode).toBe(0);
    expect(listing.stdout).toMatch(/^build\s+[0-9a-f]{12}/m);
    expect(listing.stdout).toMatch(/^unit\s+[0-9a-f]{12}/m);
    expect(listing.stdout).not.toMatch(/^lint\s/m);
    const cleared = await runCli(['cache', 'clear'], { cwd: repo });
    expect(cleared.stdout).toMatch(/Removed \d+ result/);
    expect((await runCli(['cache', 'ls'], { cwd: repo })).stdout).toContain('empty');
  });
});
