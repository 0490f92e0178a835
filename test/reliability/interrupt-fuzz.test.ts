/**
 * Interrupt fuzz: thirty runs of one project, each stopped at a random moment by SIGINT,
 * SIGTERM or SIGKILL. After a SIGINT or SIGTERM the run exits 130 and has removed every
 * container, network and volume of the project and its temp folder; a SIGKILLed run cannot
 * clean up, so the next run (stopped once its first job started, i.e. after its reaping) must
 * leave nothing of either run. The working tree never changes. The seed is printed; set
 * LOCALCI_FUZZ_SEED to replay a failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, writeFiles } from '../helpers/git-repo.js';
import { followOutput } from '../helpers/live-output.js';
import { recordedRunIds, tempEntries } from '../helpers/local-state.js';
import { fuzzSeed, seededRandom, type Random } from '../helpers/seeded-random.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { worktreeState } from '../helpers/worktree-state.js';
import { BUSYBOX } from '../e2e/sample-pipeline.js';

const RUNS = 30;
/** Signals land within this long of the start: the whole pipeline takes about 3 s. */
const LATEST_SIGNAL_MS = 2200;
const NOTHING = { containers: [], networks: [], volumes: [] };

/** prepare → unit ‖ db-test (with a service, so a network) → package, on short sleeps. */
const PIPELINE = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    prepare: { steps: ['echo preparing', 'sleep 0.4', 'mkdir -p out && cat src/app.txt > out/stamp'], artifacts: ['out/'] },
    unit: { needs: ['prepare'], steps: ['test -f out/stamp', 'sleep 0.6', 'echo unit ok'] },
    'db-test': {
      needs: ['prepare'],
      services: { db: { image: BUSYBOX, command: ['sh', '-c', 'touch /tmp/ready && exec sleep 600'], healthcheck: 'test -f /tmp/ready' } },
      steps: ['sleep 0.3', 'echo db ok'],
    },
    package: { needs: ['unit', 'db-test'], steps: ['cat out/stamp', 'sleep 0.2'] },
  },
};

type Stop = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

interface Plan {
  stop: Stop;
  /** Signal this long after the start, or after the first job started (see `afterFirstJob`). */
  delayMs: number;
  /** The run after a SIGKILL must get as far as its reaping before it is stopped. */
  afterFirstJob: boolean;
}

function planRuns(random: Random): Plan[] {
  const plans: Plan[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const reaper = plans.at(-1)?.stop === 'SIGKILL';
    // Never two kills in a row, and never a kill last: some run must reap what a kill left.
    const mayKill = !reaper && index < RUNS - 1;
    const stop = random.weighted<Stop>([
      ['SIGINT', 5],
      ['SIGTERM', 3],
      ['SIGKILL', mayKill ? 2 : 0],
    ]);
    plans.push({ stop, delayMs: reaper ? random.int(0, 800) : random.int(0, LATEST_SIGNAL_MS), afterFirstJob: reaper });
  }
  return plans;
}

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

describe('interrupt fuzz', () => {
  it(`${RUNS} runs stopped at random moments leave nothing behind and never touch the working tree`, async () => {
    const seed = fuzzSeed();
    console.log(`interrupt fuzz seed ${seed} (replay: LOCALCI_FUZZ_SEED=${seed})`);
    const plans = planRuns(seededRandom(seed));

    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(PIPELINE), 'src/app.txt': 'v1\n', '.gitignore': 'node_modules/\n' }, { commit: true });
    // Uncommitted, untracked and ignored files, which a run reads (or skips) but must never change.
    writeFiles(repo, { 'src/app.txt': 'v2, not committed\n', 'notes.txt': 'untracked\n', 'node_modules/dep/index.js': 'ignored\n' });
    const before = await worktreeState(repo);

    for (const [index, plan] of plans.entries()) {
      const where = `run ${index + 1}/${RUNS} (${plan.stop}, seed ${seed})`;
      const recordsBefore = recordedRunIds(repo).length;
      const child = startCli(['run', '--no-cache'], { cwd: repo });
      const output = followOutput(child);
      const exited = child.then(() => true);
      if (plan.afterFirstJob) await output.waitFor('▶ started', { timeoutMs: 30_000 });
      // The random moment is the input of the fuzz, not a wait for something to happen.
      const signalled = await Promise.race([exited.then(() => false), sleep(plan.delayMs).then(() => child.kill(plan.stop))]);
      const sentAt = Date.now();
      const result = await child;
      const stoppedInMs = Date.now() - sentAt;
      console.log(`${where}: ${signalled ? `signal after ${plan.delayMs} ms` : 'finished before the signal'}, exit ${result.exitCode ?? result.signal} in ${stoppedInMs} ms`);

      if (plan.stop === 'SIGKILL' && signalled) {
        // Nothing could clean up; the next run reaps, and the checks after it cover both runs.
        const left = await localciObjects({ projectDir: repo });
        console.log(`${where}: left ${left.containers.length} container(s), ${left.networks.length} network(s), ${tempEntries(repo).length} temp folder(s)`);
        continue;
      }
      if (result.signal === plan.stop) {
        // Ended by the signal itself: possible only while Node itself starts, before the first
        // line of bin/ci.js installs the handler (from there on it is exit 130, see cli.test.ts),
        // so the CLI cannot have written or started anything. For Ctrl-C a shell shows 130 either way.
        expect(output.text(), `${where}: killed before starting, yet it wrote`).toBe('');
        expect(recordedRunIds(repo), `${where}: killed before starting, yet it recorded a run`).toHaveLength(recordsBefore);
      } else {
        expect(result.exitCode, `${where}\n${output.text()}`).toBe(signalled ? 130 : 0);
      }
      expect(await localciObjects({ projectDir: repo }), `${where}: Docker objects of the project`).toEqual(NOTHING);
      expect(tempEntries(repo), `${where}: temp folders`).toEqual([]);
      expect(await worktreeState(repo), `${where}: the working tree`).toEqual(before);
    }
  });
});
