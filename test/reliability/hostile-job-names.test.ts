/**
 * Job names that could collide on disk: `a b` and `a_b`, names of other scripts and symbols,
 * and `.` / `..`, which would name the run folder itself. Every job keeps its own log file and
 * artifact folder, a downstream job gets the artifact of the job it needs, `ci logs` finds
 * each log, and names that cannot be files are refused at config load with exit 2 before
 * anything is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoStackTrace } from '../helpers/cli-output.js';
import type { CliResult } from '../helpers/cli.js';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject, type Jobs } from '../helpers/busybox-project.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { recordedRunIds, runDirOf, statePath } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { jobLines } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** A job that leaves its own name as an artifact, and one that reads what it got. */
function producerAndReader(name: string, index: number): Jobs {
  return {
    [name]: { steps: [`printf '%s\\n' "$CI_JOB_NAME" > out.txt`, `echo "log of $CI_JOB_NAME"`], artifacts: ['out.txt'] },
    [`read${index}`]: { needs: [name], steps: ['cat out.txt'] },
  };
}

describe('job names that a file name would mix up', () => {
  const names = ['a b', 'a_b', 'a/b', 'ünï'];

  it('get their own log file and artifact folder, and downstream jobs get the right artifact', async () => {
    const repo = await createBusyboxProject(Object.assign({}, ...names.map(producerAndReader)));
    const result = await runCli(['run', '--no-cache'], { cwd: repo, env: { CI: 'true' } });
    expect(result.exitCode, result.all).toBe(0);
    names.forEach((name, index) => expect(jobLines(result.stdout, `read${index}`), name).toContain(name));

    const [runId] = recordedRunIds(repo);
    const runDir = runDirOf(repo, runId!);
    const record = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { jobs: unknown[] };
    expect(record.jobs).toHaveLength(names.length * 2);
    for (const name of names) {
      const logs = await runCli(['logs', name], { cwd: repo });
      expect(logs.exitCode, logs.all).toBe(0);
      expect(logs.stdout).toContain(`log of ${name}`);
      for (const other of names.filter((candidate) => candidate !== name)) expect(logs.stdout).not.toContain(`log of ${other}\n`);
    }
  });
});

/** Exit 2 with one line naming the config file and what is wrong. */
function expectConfigError(result: CliResult, mentions: string): void {
  expect(result.exitCode, result.all).toBe(2);
  expectNoStackTrace(result);
  expect(result.stderr.trim().split('\n'), result.all).toEqual([expect.stringMatching(/^error ci\.config\.json: /)]);
  expect(result.stderr).toContain(mentions);
}

describe('job names that cannot be file names', () => {
  it.each(['.', '..'])('`%s` is exit 2 at config load, before anything is written', async (name) => {
    const repo = await createBusyboxProject({ [name]: { steps: ['echo x > run.json'], artifacts: ['run.json'] } });
    const result = await runCli(['run', '--no-cache'], { cwd: repo });
    expectConfigError(result, `jobs["${name}"]: \`${name}\` cannot be a job name`);
    expect(existsSync(statePath(repo, 'runs'))).toBe(false);
  });

  it('names that differ only in case are exit 2 naming both: they share files on case-insensitive disks', async () => {
    const repo = await createBusyboxProject({ build: { steps: ['true'] }, Build: { steps: ['true'] } });
    const result = await runCli(['run', '--no-cache'], { cwd: repo });
    expectConfigError(result, '`build` and `Build` differ only in case');
  });
});
