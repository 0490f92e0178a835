/**
 * Steps that run after a failure, artifacts kept after one, allowed exit codes and
 * artifactsFrom, end to end against real Docker through the built CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { jobLines } from './sample-pipeline.js';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { recordedRunIds, statePath } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

function artifactsDir(repo: string, job: string): string {
  const [runId] = recordedRunIds(repo).slice(-1);
  return statePath(repo, 'runs', runId!, 'artifacts', job);
}

describe('steps and artifacts after a failure', () => {
  it('runs always-steps after the failing step, keeps its exit code and the artifacts it was told to keep', async () => {
    const repo = await createBusyboxProject({
      test: {
        steps: [
          'mkdir -p out && echo report > out/report.txt && echo map > out/report.map',
          'echo failing; exit 3',
          'echo never-runs',
          { name: 'cleanup', run: 'echo cleaning-up; exit 7', when: 'always', allowFailure: true },
          { name: 'on failure', run: 'echo only-after-failure', when: 'on-failure' },
        ],
        artifacts: { paths: ['out/'], exclude: ['out/*.map'], when: 'always' },
      },
      after: { needs: ['test'], when: 'on-failure', artifactsFrom: [], steps: ['test ! -e out/report.txt && echo no-artifacts-here'] },
    });
    const result = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    const lines = jobLines(result.stdout, 'test');
    expect(lines).toContain('failing');
    expect(lines).toContain('cleaning-up');
    expect(lines).toContain('only-after-failure');
    expect(lines).not.toContain('never-runs');
    expect(result.stdout).toMatch(/\[test\] .*failed.*\(exit 3\)/);
    expect(jobLines(result.stdout, 'after')).toContain('no-artifacts-here');
    const out = path.join(artifactsDir(repo, 'test'), 'out');
    expect(readFileSync(path.join(out, 'report.txt'), 'utf8')).toBe('report\n');
    expect(existsSync(path.join(out, 'report.map'))).toBe(false);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('allows a failure only with a listed exit code', async () => {
    const repo = await createBusyboxProject({
      allowed: { steps: ['exit 3'], allowFailure: { exitCodes: [3] } },
      other: { steps: ['exit 4'], allowFailure: { exitCodes: [3] } },
    });
    const result = await runCli(['run', '--no-cache', '--json'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    const ends = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; result?: { job: string; status: string } })
      .filter((event) => event.type === 'job-end')
      .map((event) => [event.result!.job, event.result!.status]);
    expect(Object.fromEntries(ends)).toEqual({ allowed: 'allowed-failure', other: 'failed' });
  });
});
