/**
 * A job that prints far more than anyone reads cannot fill the disk through its log: each job's
 * `<job>.log` keeps its head and its tail within the configured cap (`logs.maxSize`, 50 MB by
 * default) and says how much was cut between them. `ci cache ls` and `ci doctor` show how much
 * disk localci's state of the project uses.
 */
import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { jobLogFile } from '../../src/model/job-files.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { recordedRunIds, runDirOf } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const LINES = 20_000;
const CAP = 64 * 1024;
// About 1.3 MB: `line 000001 ....`
const LOUD = `awk 'BEGIN { for (i = 1; i <= ${LINES}; i++) printf "line %06d %s\\n", i, "..................................................." }'`;

describe('a job printing more than the log cap', () => {
  it('leaves a log of its head and tail within the cap, saying how much was cut', async () => {
    const repo = await createBusyboxProject({ loud: { steps: [LOUD, 'echo after the flood'] } }, { config: { logs: { maxSize: '64k' } } });
    const run = await runCli(['run', '--plain'], { cwd: repo });
    expect(run.exitCode, run.all).toBe(0);

    const [runId] = recordedRunIds(repo);
    const file = jobLogFile(runDirOf(repo, runId!), 'loud');
    expect(statSync(file).size).toBeLessThanOrEqual(CAP);
    const log = readFileSync(file, 'utf8');
    const lines = log.split('\n');
    // The head: the attempt, the step and the first lines; the tail: the last lines, the next step and the result.
    expect(lines[0]).toMatch(/^--- .* attempt 1 in /);
    expect(log).toContain('line 000001 ');
    expect(log).toContain(`line ${String(LINES).padStart(6, '0')} `);
    expect(log).toContain('$ echo after the flood\nafter the flood\n');
    expect(lines.filter(Boolean).at(-1)).toMatch(/^--- passed/);

    const cut = /\[(\d+) lines \(([\d.]+ [KM]B)\) cut here: the log is capped at 64 KB \(logs\.maxSize\)\]/.exec(log);
    expect(cut, log.slice(0, 200)).not.toBeNull();
    const kept = lines.filter((line) => /^line \d{6} /.test(line)).length;
    expect(kept + Number(cut![1])).toBe(LINES);

    // `ci logs` shows the same capped log.
    const logs = await runCli(['logs', 'loud'], { cwd: repo });
    expect(logs.stdout).toContain(cut![0]);

    const cache = await runCli(['cache', 'ls'], { cwd: repo });
    expect(cache.exitCode, cache.all).toBe(0);
    expect(cache.stdout).toMatch(/localci state of this project: [\d.]+ [KMG]B on disk \(runs [\d.]+ [KMG]B/);
    const doctor = await runCli(['doctor'], { cwd: repo });
    expect(doctor.stdout).toMatch(/localci state [\d.]+ [KMG]B/);
  });

  it('refuses a cap that is not a size, naming the key', async () => {
    const repo = await createBusyboxProject({ a: { steps: ['true'] } }, { config: { logs: { maxSize: 'lots' } } });
    const run = await runCli(['list'], { cwd: repo });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('logs.maxSize');
  });
});
