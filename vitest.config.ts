import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
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
          include: ['test/reliability/**/*.test.ts'],
          // Faults, hostile input and hostile workspaces, against the same real engine as e2e.
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          // After the e2e files, so the two projects never put four files on the engine at once.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
