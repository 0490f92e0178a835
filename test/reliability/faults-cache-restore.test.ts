/**
 * A cached result whose artifacts cannot be put back (a cache entry damaged on disk: a file
 * that cannot be copied, its artifact folder gone) is a miss: the job runs again, says why
 * in a warning, and its fresh result replaces the damaged entry. Never a `cached` job whose
 * artifacts are missing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { recordedRunIds, runDirOf, statePath } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** The cache entry folder of a job. */
function cachedEntryOf(repo: string, job: string): string {
  const results = statePath(repo, 'results');
  const key = readdirSync(results).find((name) => {
    try {
      return (JSON.parse(readFileSync(path.join(results, name, 'entry.json'), 'utf8')) as { job: string }).job === job;
    } catch {
      return false;
    }
  });
  expect(key, `a cache entry of ${job}`).toBeDefined();
  return path.join(results, key!);
}

function statuses(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^ {2}\S+ (build|test) +(passed|cached|failed)/gm)].map((match) => [match[1], match[2]]));
}

describe.each([
  ['a file in it cannot be copied', (entry: string) => execFileSync('mkfifo', [path.join(entry, 'artifacts', 'out', 'pipe')])],
  ['its artifact folder is gone', (entry: string) => rmSync(path.join(entry, 'artifacts'), { recursive: true })],
])('a cache hit whose artifacts cannot be restored (%s)', (_fault, damage) => {
  it('runs the job again with a warning, and the next run is cached again', async () => {
    const repo = await createBusyboxProject({
      build: { steps: ['mkdir -p out && echo built > out/app.txt'], artifacts: ['out/'] },
      test: { needs: ['build'], steps: ['cat out/app.txt'] },
    });
    const env = { CI: 'true' };
    const first = await runCli(['run'], { cwd: repo, env });
    expect(first.exitCode, first.all).toBe(0);
    damage(cachedEntryOf(repo, 'build'));

    const second = await runCli(['run'], { cwd: repo, env });
    expect(second.exitCode, second.all).toBe(0);
    expect(statuses(second.stdout), second.all).toEqual({ build: 'passed', test: 'cached' });
    expect(second.all).toMatch(/^warning .*cached result of job "build" could not be restored/m);
    const runId = recordedRunIds(repo).at(-1)!;
    expect(readFileSync(path.join(runDirOf(repo, runId), 'artifacts', 'build', 'out', 'app.txt'), 'utf8')).toBe('built\n');

    const third = await runCli(['run'], { cwd: repo, env });
    expect(third.exitCode, third.all).toBe(0);
    expect(statuses(third.stdout), third.all).toEqual({ build: 'cached', test: 'cached' });
  });
});
