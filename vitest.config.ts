import { defineConfig } from 'vitest/config';

/** Each test file's own user cache folder, where the state of projects outside git lives. */
const setupFiles = ['test/setup/user-cache.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles },
      },
      {
        // Files that touch git or the disk, without Docker: the run layer against the fake backend.
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], setupFiles },
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
          // Real containers on a small machine: two files at once at most. A per-project
          // maxWorkers needs its own groupOrder (vitest 4), so e2e files run after unit files.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
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
          // After the e2e files rather than beside them: these files time signals against
          // running jobs, and two of them at once is what the machine holds.
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
