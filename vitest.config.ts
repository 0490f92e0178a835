import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Each test file's own user cache folder, where the state of projects outside git lives. */
const setupFiles = ['test/setup/user-cache.ts'];

/**
 * Unit files that need a process of their own: interrupts sends itself real signals, which worker
 * threads never receive; discover sets HOME, which os.homedir() reads from the process, not from
 * a thread's copy of the environment.
 */
const UNIT_NEEDING_A_PROCESS = ['test/unit/cli/interrupts.test.ts', 'test/unit/config/discover.test.ts'];

/**
 * Files without Docker are CPU work: one worker per core (vitest's default leaves one core idle).
 * Every project in a vitest group must have the same maxWorkers, so these run first, as a group.
 */
const CPU_GROUP = { maxWorkers: availableParallelism(), sequence: { groupOrder: 0 } };

/**
 * e2e and reliability files share one group: one queue, so a long file of either kind never
 * leaves a worker idle at a group's end. Two files at once on the engine by default: the
 * reliability files time signals against running jobs, and two is what a small machine holds.
 * These files mostly wait (containers, installs, the network), so a machine whose cores the two
 * leave idle may try more with LOCALCI_TEST_DOCKER_FILES.
 */
const DOCKER_GROUP = { maxWorkers: dockerFilesAtOnce(process.env.LOCALCI_TEST_DOCKER_FILES), sequence: { groupOrder: 1 } };

function dockerFilesAtOnce(value: string | undefined): number {
  if (value === undefined || value === '') return 2;
  const files = Number(value);
  if (!Number.isInteger(files) || files < 1) throw new Error(`LOCALCI_TEST_DOCKER_FILES=${value}: expected a whole number of at least 1.`);
  return files;
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_NEEDING_A_PROCESS],
          setupFiles: [...setupFiles, 'test/setup/warm-imports.ts'],
          // Pure code: one module graph per worker thread instead of a fresh process and fresh
          // imports per file, which cost more than the tests themselves. Helpers therefore
          // register clean-ups per call (onTestFinished), never as module-level hooks.
          pool: 'threads',
          isolate: false,
          ...CPU_GROUP,
        },
      },
      {
        test: { name: 'unit-process', include: UNIT_NEEDING_A_PROCESS, setupFiles, ...CPU_GROUP },
      },
      {
        test: {
          // Files that touch git or the disk, without Docker: the run layer against the fake backend.
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles,
          // Real git and file work, which a busy machine slows well past vitest's 5 s default.
          testTimeout: 30_000,
          ...CPU_GROUP,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles,
          // Installs/starts Docker and builds the fixture images once per run.
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          ...DOCKER_GROUP,
        },
      },
      {
        test: {
          name: 'reliability',
          // Interrupts at random moments, a lost engine, concurrent runs, faults, hostile input and
          // hostile workspaces: see each file's header.
          include: ['test/reliability/**/*.test.ts'],
          setupFiles,
          globalSetup: ['test/setup/global-setup.ts'],
          // A file runs dozens of pipelines in one test; a hang still ends well before this.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          ...DOCKER_GROUP,
        },
      },
    ],
  },
});
