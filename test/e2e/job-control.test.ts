/** Matrix expansion and per-job control (timeout, retry, allowFailure, when) against real Docker. */
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

const volumeLabels: string[] = [];
afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
  for (const label of volumeLabels.splice(0)) {
    const { stdout } = await execa('docker', ['volume', 'ls', '-q', '--filter', `label=${label}`]);
    if (stdout.trim()) await execa('docker', ['volume', 'rm', '-f', ...stdout.trim().split('\n')]);
  }
});

const NOTHING = { containers: [], networks: [], volumes: [] };

async function run(jobs: object, args: string[] = []) {
  const repo = await createGitRepo({ 'ci.config.json': JSON.stringify({ image: BUSYBOX, pull: 'never', jobs }) }, { commit: true });
  return runCli(['run', ...args], { cwd: repo });
}

describe('matrix', () => {
  it('expands a job per combination, substitutes values, and waits for all of them', async () => {
    const result = await run({
      unit: {
        matrix: { node: ['18', '20'], os: ['alpine', 'debian'] },
        env: { TARGET: 'node${{ matrix.node }}' },
        steps: ['echo "testing $TARGET on ${{ matrix.os }}"'],
      },
      report: { needs: ['unit'], steps: ['echo all four done'] },
    });
    expect(result.exitCode, result.all).toBe(0);
    for (const node of ['18', '20']) {
      for (const os of ['alpine', 'debian']) {
        expect(result.stdout).toMatch(new RegExp(`\\[unit \\(node=${node}, os=${os}\\)\\]\\s+testing node${node} on ${os}`));
      }
    }
    const lines = result.stdout.split('\n');
    const reportStart = lines.findIndex((line) => /^\[report\]\s+▶/.test(line));
    const lastUnitEnd = lines.findLastIndex((line) => /^\[unit \(.*\)\]\s+✓/.test(line));
    expect(reportStart).toBeGreaterThan(lastUnitEnd);
    expect(result.stdout).toMatch(/PASSED 5 passed/);
  });
});

describe('job control', () => {
  it('kills a job at its timeout and reports it as timed out', async () => {
    // An hour: only the job's own limit ends it before the CLI's (exit 143).
    const result = await run({ slow: { timeout: '2s', steps: ['echo started', 'sleep 3600'] }, after: { needs: ['slow'], steps: ['true'] } });
    expect(result.exitCode, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/\[slow\]\s+⏱ timed-out .*job exceeded its timeout of 2s/);
    expect(result.stdout).toMatch(/\[after\]\s+○ skipped/);
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('retries a failing job and passes when a later attempt does', async () => {
    // Every attempt gets a fresh container; a dependency-cache volume unique to this test counts them.
    const key = `flaky-attempts-${process.pid}-${Date.now()}`;
    volumeLabels.push(`localci.cache=${key}`);
    const result = await run({
      flaky: {
        retry: { max: 2, when: ['failure'] },
        cache: [{ key, paths: ['/attempts'] }],
        steps: ['echo x >> /attempts/count', 'test "$(wc -l < /attempts/count)" -ge 2'],
      },
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/retrying \(attempt 2 of 3\)/);
    expect(result.stdout).toMatch(/✓ passed in .* after 2 attempts/);
  });

  it('lets an allowed failure pass the run, runs when: always after a failure, and skips manual jobs', async () => {
    const result = await run({
      lint: { allowFailure: true, steps: ['echo lint problems; exit 1'] },
      test: { steps: ['exit 2'] },
      cleanup: { needs: ['test'], when: 'always', steps: ['echo cleaning up'] },
      notify: { needs: ['test'], when: 'on-failure', steps: ['echo tests failed'] },
      release: { when: 'manual', steps: ['echo releasing'] },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/\[lint\]\s+! failed \(allowed\) \(exit 1\)/);
    expect(result.stdout).toMatch(/\[cleanup\]\s+cleaning up/);
    expect(result.stdout).toMatch(/\[notify\]\s+tests failed/);
    expect(result.stdout).not.toContain('releasing');
  });
});
