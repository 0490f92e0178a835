/**
 * `ci run` end to end: the built CLI against the real Docker engine, on a real
 * git repository, with the busybox fixture image.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { statePath, tempEntries } from '../helpers/local-state.js';
import { jobLines, sampleFiles } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

function onlyRunDir(repo: string): string {
  const runs = statePath(repo, 'runs');
  const [run] = readdirSync(runs);
  return path.join(runs, run!);
}

describe('ci run', () => {
  it('runs the 4-job sample in dependency order, passing artifacts, and exits 0', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);

    const build = jobLines(result.stdout, 'build');
    expect(build).toContain('built 2 lines');
    const unit = jobLines(result.stdout, 'unit');
    // Per-job order is preserved even though unit and lint run in parallel.
    const counted = unit.filter((line) => line.startsWith('unit line '));
    expect(counted).toEqual(Array.from({ length: 50 }, (_, i) => `unit line ${i + 1}`));
    expect(unit).toContain('hi from unit true 1 unit /workspace');
    expect(jobLines(result.stdout, 'lint')).toContain('hello from lint');

    const order = result.stdout.split('\n').filter((line) => /passed in/.test(line) && line.startsWith('['));
    expect(order[0]).toMatch(/^\[build\]/);
    expect(order.at(-1)).toMatch(/^\[deploy\]/);
    expect(result.stdout).toMatch(/PASSED 4 passed/);

    const runDir = onlyRunDir(repo);
    expect(readFileSync(path.join(runDir, 'artifacts', 'build', 'dist', 'bundle.txt'), 'utf8')).toBe('alpha\nbeta\n');
    expect(readFileSync(path.join(runDir, 'unit.log'), 'utf8')).toContain('unit line 50');
    const record = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'passed', trigger: 'run' });
    expect(record.jobs.map((job: { status: string }) => job.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    // Exactness: each job records the id of the image it really ran in.
    for (const job of record.jobs) expect(job.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('exits 1 when unit fails, skips deploy with the reason, and still finishes lint', async () => {
    const repo = await createGitRepo(sampleFiles({ failUnit: true }), { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(jobLines(result.stdout, 'unit')).toContain('unit is failing');
    expect(result.stdout).toMatch(/\[unit\]\s+✗ failed \(exit 3\)/);
    expect(result.stdout).toMatch(/\[lint\]\s+✓ passed/);
    expect(result.stdout).toMatch(/\[deploy\]\s+○ skipped: needs "unit", which did not pass/);
    expect(result.stdout).toMatch(/FAILED 2 passed, 1 failed, 1 skipped/);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('runs a named job with what it needs, or alone with --only', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const withNeeds = await runCli(['run', 'unit'], { cwd: repo });
    expect(withNeeds.exitCode, withNeeds.all).toBe(0);
    expect(withNeeds.stdout).toMatch(/PASSED 2 passed/);
    expect(jobLines(withNeeds.stdout, 'lint')).toEqual([]);

    const alone = await runCli(['run', 'lint', '--only'], { cwd: repo });
    expect(alone.exitCode, alone.all).toBe(0);
    expect(alone.stdout).toMatch(/PASSED 1 passed/);
    expect(alone.stderr).toContain('--only: "lint" runs without "build"');
  });

  it('emits NDJSON events with --json', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['run', 'build', '--json'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ schema: 1, type: 'run-start', jobs: ['build'] });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'passed' });
    expect(events.some((event) => event.type === 'log' && event.line === 'built 2 lines')).toBe(true);
  });

  it('cancels the rest with --fail-fast', async () => {
    const files = sampleFiles();
    const config = JSON.parse(files['ci.config.json']!);
    config.jobs = {
      broken: { steps: ['exit 4'] },
      // An hour: only the cancel lets the run end before the CLI's own limit (exit 143).
      slow: { steps: ['sleep 3600'] },
      after: { needs: ['slow'], steps: ['true'] },
    };
    const repo = await createGitRepo({ ...files, 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['run', '--fail-fast'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toMatch(/\[slow\]\s+⊘ cancelled.*cancelled by --fail-fast/);
    expect(result.stdout).toMatch(/\[after\]\s+⊘ cancelled/);
    expect(existsSync(statePath(repo, 'temp'))).toBe(true);
    expect(tempEntries(repo)).toEqual([]);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
