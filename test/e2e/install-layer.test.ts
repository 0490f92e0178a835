/**
 * The shared install on real dependencies from the npm registry: installed once per
 * image and lock file into a layer every job mounts. A cold run installs once (not once
 * per job), a one-line edit installs nothing, a lock-file change installs once again,
 * for npm, pnpm and yarn; the host's own vitest sees the same tests before and after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { seenBy } from '../helpers/host-test-runners.js';
import { addDependency, editSource, managerProject, vitestProject, type Manager } from '../helpers/real-project.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

/** Real installs and real tool start-up on a shared 2-core machine: minutes, not seconds. */
const SLOW = 400_000;

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** The status line of a job in plain output (`✓ install  cached …`), or undefined. */
function statusOf(result: CliResult, job: string): string | undefined {
  return result.stdout.split('\n').find((line) => new RegExp(`^\\S+\\s+${job}\\s`).test(line.trim()) && !line.includes('['));
}

/** Whether the install ran (started a container) in this run, rather than being known from its layer. */
function installed(result: CliResult): boolean {
  return /^\[install\]\s+▶ started/m.test(result.stdout);
}

describe('install layer on a vitest + TypeScript project', () => {
  it('installs once cold, not at all after an edit, once after a lock change; the host sees the same tests', async () => {
    const repo = await vitestProject({ hostInstall: true });
    const before = await seenBy('vitest', repo);
    expect(before.tests).toHaveLength(2);

    const cold = await runCli(['run'], { cwd: repo, timeoutMs: SLOW });
    expect(cold.exitCode, cold.all).toBe(0);
    expect(cold.stdout).toMatch(/\[install\]\s+added \d+ packages/);
    // Every job ran on the one install: none of them installs.
    for (const job of ['lint', 'typecheck', 'test']) expect(cold.stdout).not.toMatch(new RegExp(`\\[${job}\\]\\s+added`));
    expect(cold.stdout).toMatch(/\[test\].*2 passed/);
    expect(cold.stdout).toMatch(/\[install\].*install layer [0-9a-f]{12} kept/);

    editSource(repo, 0);
    const edited = await runCli(['run'], { cwd: repo, timeoutMs: SLOW });
    expect(edited.exitCode, edited.all).toBe(0);
    expect(installed(edited)).toBe(false);
    expect(statusOf(edited, 'install')).toMatch(/cached/);
    expect(edited.stdout).toMatch(/\[typecheck\]/);
    expect(edited.stdout).toMatch(/\[test\].*2 passed/);

    const listed = await runCli(['cache', 'ls'], { cwd: repo });
    expect(listed.stdout).toMatch(/node:20\s+[0-9a-f]{12}\s+\d+\.\d MB/);

    // The new lock file installs once, for the job asked for: the others would only repeat the edit's runs.
    await addDependency(repo, 'npm', 'is-number@7.0.0');
    const relocked = await runCli(['run', 'test'], { cwd: repo, timeoutMs: SLOW });
    expect(relocked.exitCode, relocked.all).toBe(0);
    expect(relocked.stdout).toMatch(/\[install\]\s+added \d+ packages/);
    expect(relocked.stdout).toMatch(/\[test\].*2 passed/);
    expect((await runCli(['cache', 'ls'], { cwd: repo })).stdout).toMatch(/2 install layer\(s\)/);

    expect(await seenBy('vitest', repo)).toEqual(before);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 900_000);
});

/**
 * corepack fetches pnpm and yarn and checks the registry's signatures; a registry mirror may
 * serve metadata without them, so the test turns the check off for its runs (`--env` reaches
 * the install as it reaches every job).
 */
const COREPACK = ['--env', 'COREPACK_INTEGRITY_KEYS=0'];

describe.each<Manager>(['pnpm', 'yarn'])('install layer with %s', (manager) => {
  it('installs once, reuses the layer after an edit, installs again after a lock change', async () => {
    const repo = await managerProject(manager);
    const cold = await runCli(['run', ...COREPACK], { cwd: repo, timeoutMs: SLOW });
    expect(cold.exitCode, cold.all).toBe(0);
    expect(installed(cold)).toBe(true);
    expect(cold.stdout).toContain('is-number works');

    const again = await runCli(['run', '--no-cache', ...COREPACK], { cwd: repo, timeoutMs: SLOW });
    expect(again.exitCode, again.all).toBe(0);
    expect(installed(again)).toBe(false);
    expect(again.stdout).toContain('is-number works');

    await addDependency(repo, manager, 'is-odd@3.0.1');
    const relocked = await runCli(['run', ...COREPACK], { cwd: repo, timeoutMs: SLOW });
    expect(relocked.exitCode, relocked.all).toBe(0);
    expect(installed(relocked)).toBe(true);
    expect(relocked.stdout).toContain('is-number works');
  }, 600_000);
});
