/**
 * A full disk under the project's runs folder (a 1 MiB tmpfs), where a run keeps its record, logs and
 * artifacts. It is the machine's problem, not the job's, so the run stops with exit 3 (an
 * environment error, like Docker being unreachable): `ci bisect` and scripts must not read
 * it as "this commit fails", and the other jobs would only hit the same wall. The message
 * says what could not be written, with a hint and no stack trace, and nothing is left behind:
 * no container, no half-copied artifact, no temp file.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { expectNoStackTrace } from '../helpers/cli-output.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { statePath, tempEntries } from '../helpers/local-state.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { runInBothModes } from '../helpers/run-modes.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { mountTmpfs, unmountAllTmpfs } from '../helpers/tmpfs.js';

afterEach(async () => {
  await unmountAllTmpfs();
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const NOTHING = { containers: [], networks: [], volumes: [] };
const HINT = /^hint {2}Free some space .*, then run again\.$/m;

function expectDiskFullError(result: CliResult, what: RegExp): void {
  expect(result.exitCode, result.all).toBe(3);
  expectNoStackTrace(result);
  expect(result.stderr).toMatch(what);
  expect(result.stderr).toMatch(HINT);
}

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** The run folders' records must say the run ended in an error, not that it is still running. */
function recordedStatuses(runs: string): string[] {
  return readdirSync(runs).map((run) => (JSON.parse(readFileSync(path.join(runs, run, 'run.json'), 'utf8')) as { status: string }).status);
}

describe('a full disk', () => {
  it('stops the run with exit 3 naming the artifact that did not fit, and leaves nothing behind', async () => {
    const repo = await createBusyboxProject({
      big: { steps: ['mkdir -p out', 'head -c 5000000 /dev/urandom > out/blob.bin', 'echo wrote 5 MB'], artifacts: ['out/'] },
    });
    const runs = statePath(repo, 'runs');
    await mountTmpfs(runs, '1m');
    // One after the other on the same small disk: the second run proves the first gave its space back.
    const run = await runInBothModes(['run', '--no-cache'], { cwd: repo, sequential: true });
    const artifactDir = /^error No space left on the disk while copying the artifact "out\/" to \S+\/runs\/[\w-]+\/artifacts\/big\.$/m;
    expectDiskFullError(run.plain, artifactDir);
    expectDiskFullError(run.json, artifactDir);
    // The job itself ran to its end: the failure is in copying its result out.
    expect(run.plain.stdout).toMatch(/^\[big\]\s+wrote 5 MB$/m);
    expect(run.events.some((event) => event.type === 'log' && event.line === 'wrote 5 MB')).toBe(true);

    expect(await localciObjects()).toEqual(NOTHING);
    // Records, event journals and logs stay (they are small); no half artifact, no temp file, no snapshot.
    expect(filesBelow(runs).filter((file) => !/^[\w-]+\/(run\.json|events\.ndjson|big\.log)$/.test(file))).toEqual([]);
    expect(recordedStatuses(runs)).toEqual(['error', 'error']);
    expect(tempEntries(repo)).toEqual([]);
  });

  it('stops the run with exit 3 when a job log does not fit, and leaves nothing behind', async () => {
    // Two jobs at once: the other one is stopped too, and its container goes as well.
    const repo = await createBusyboxProject({
      chatty: { steps: ['i=0; while [ $i -lt 40000 ]; do echo "line $i of a job that prints more than the disk holds"; i=$((i+1)); done', 'echo done'] },
      sleeper: { steps: ['sleep 60'] },
    });
    const runs = statePath(repo, 'runs');
    await mountTmpfs(runs, '1m');
    const logFile = /^error No space left on the disk while writing the log of job "chatty"\.$/m;
    for (const mode of ['--plain', '--json']) {
      const result = await runCli(['run', '--no-cache', mode], { cwd: repo });
      expectDiskFullError(result, logFile);
      expect(await localciObjects()).toEqual(NOTHING);
      expect(recordedStatuses(runs)).toEqual(['error']);
      expect(tempEntries(repo)).toEqual([]);
      // The log written up to the full disk stays for `ci logs`; the next run gets the space back.
      for (const run of readdirSync(runs)) rmSync(path.join(runs, run), { recursive: true });
    }
  });

  it('says the disk is full, exit 3, when a run cannot even write its record', async () => {
    const repo = await createBusyboxProject({ hello: { steps: ['echo hello'] } });
    const runs = statePath(repo, 'runs');
    await mountTmpfs(runs, '256k');
    // Fill it to the last page: the write fails part-way, as a real full disk would.
    expect(() => writeFileSync(path.join(runs, 'filler'), Buffer.alloc(512 * 1024))).toThrow(/ENOSPC/);

    const result = await runCli(['run', '--no-cache'], { cwd: repo });
    expectDiskFullError(result, /^error No space left on the disk while writing the run's files\.$/m);
    expect(await localciObjects()).toEqual(NOTHING);
    expect(filesBelow(runs).filter((file) => file !== 'filler')).toEqual([]);
    expect(tempEntries(repo)).toEqual([]);
  });
});
