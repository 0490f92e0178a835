/**
 * Jobs that fail for reasons outside their own logic: out of memory, a time limit, a command
 * the image lacks, an image whose entrypoint exits at once or that has no shell at all. Each
 * fails on its own (exit 1), says why in the plain output and in `--json`, and leaves no
 * container behind.
 */
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { expectNoStackTrace } from '../helpers/cli-output.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { buildImage, importImage, removeBuiltImages, uniqueTag } from '../helpers/fixture-image.js';
import { runInBothModes, type BothModes } from '../helpers/run-modes.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { BUSYBOX } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});
afterAll(removeBuiltImages);

const NOTHING = { containers: [], networks: [], volumes: [] };
const RUN = ['run', '--no-cache'];

/** Both outputs agree on the run's exit code, neither shows a stack trace, and nothing is left. */
async function expectFailedRun(run: BothModes): Promise<void> {
  for (const result of [run.plain, run.json]) {
    expect(result.exitCode, result.all).toBe(1);
    expectNoStackTrace(result);
  }
  expect(await localciObjects()).toEqual(NOTHING);
}

describe('resource faults', () => {
  it('reports an out-of-memory kill as such, with the limit', async () => {
    // Doubling a shell variable outgrows 8 MiB within a second, whatever the machine.
    const repo = await createBusyboxProject({ hog: { memory: '8m', steps: ['echo allocating', 'x=0123456789; while :; do x="$x$x"; done'] } });
    // One after the other: when two containers hit their limits at the same moment, Docker 20.10
    // (cgroup v1) now and then loses one OOM event and inspect says OOMKilled: false (about 1 in
    // 30 in a loop), so the job would read as a plain `exit 137`.
    const run = await runInBothModes(RUN, { cwd: repo, sequential: true });
    await expectFailedRun(run);
    expect(run.plain.stdout).toMatch(/^\[hog\]\s+✗ failed \(exit 137\) in \S+: killed: out of memory \(limit 8 MiB\)$/m);
    expect(run.jobEnd('hog')).toMatchObject({ status: 'failed', exitCode: 137, reason: 'killed: out of memory (limit 8 MiB)' });
  });

  it('holds a job to its process limit, 4096 by default, so a fork bomb ends in a failed job', async () => {
    // cgroup v1 and v2 keep the limit in different places; `max` means none.
    const limit = 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max';
    const repo = await createBusyboxProject({
      bomb: { pids: 32, steps: [limit, 'for i in $(seq 200); do sleep 3600 & done', 'echo all forked'] },
      plain: { steps: [limit] },
    });
    // The sleeps would hold the job far past the CLI's and the test's time limits: that the run
    // ends at all, failed, shows the forks failed at once (no wall-clock bound, which load breaks).
    const run = await runInBothModes(RUN, { cwd: repo });
    await expectFailedRun(run);
    expect(run.plain.stdout).toMatch(/^\[bomb\]\s+32$/m);
    expect(run.plain.stdout).toMatch(/^\[bomb\]\s+sh: can't fork/m);
    expect(run.plain.stdout).not.toMatch(/all forked/);
    expect(run.plain.stdout).toMatch(/^\[plain\]\s+4096$/m);
    expect(run.jobEnd('bomb')).toMatchObject({ status: 'failed' });
    expect(run.jobEnd('plain')).toMatchObject({ status: 'passed' });
  });

  it('stops a job at its timeout and a step at its own, naming which limit fired', async () => {
    const repo = await createBusyboxProject({
      whole: { timeout: '2s', steps: ['echo started', 'sleep 3600'] },
      single: { steps: ['true', { name: 'wait forever', run: 'sleep 3600', timeout: '1s' }] },
    });
    // The steps would outlast the CLI's and the test's time limits: the run ending with these
    // reasons is the proof, with no wall-clock bound that a loaded machine can break.
    const run = await runInBothModes(RUN, { cwd: repo });
    await expectFailedRun(run);
    expect(run.plain.stdout).toMatch(/^\[whole\]\s+⏱ timed-out in \S+: job exceeded its timeout of 2s$/m);
    expect(run.plain.stdout).toMatch(/^\[single\]\s+⏱ timed-out in \S+: step "wait forever" exceeded its timeout of 1s$/m);
    expect(run.jobEnd('whole')).toMatchObject({ status: 'timed-out', reason: 'job exceeded its timeout of 2s' });
    expect(run.jobEnd('single')).toMatchObject({ status: 'timed-out', reason: 'step "wait forever" exceeded its timeout of 1s' });
  });

  it('names the step whose command is missing (127) or not executable (126)', async () => {
    const repo = await createBusyboxProject({
      missing: { steps: ['echo checking', 'no-such-tool --version'] },
      noexec: { steps: ["printf '#!/bin/sh\\necho hi\\n' > tool.sh", './tool.sh'] },
    });
    const run = await runInBothModes(RUN, { cwd: repo });
    await expectFailedRun(run);
    expect(run.plain.stdout).toMatch(/^\[missing\]\s+sh: no-such-tool: not found$/m);
    expect(run.plain.stdout).toMatch(/^\[missing\]\s+✗ failed \(exit 127\) in \S+: command not found in step 2 "no-such-tool --version"$/m);
    expect(run.plain.stdout).toMatch(/^\[noexec\]\s+✗ failed \(exit 126\) in \S+: command not executable in step 2 "\.\/tool\.sh"$/m);
    expect(run.jobEnd('missing')).toMatchObject({ status: 'failed', exitCode: 127, reason: 'command not found in step 2 "no-such-tool --version"' });
    expect(run.jobEnd('noexec')).toMatchObject({ status: 'failed', exitCode: 126, reason: 'command not executable in step 2 "./tool.sh"' });
  });
});

describe('odd images', () => {
  it('runs the steps in images whose entrypoint exits at once, and says when such a service dies', async () => {
    const exitsWith = (code: number) =>
      buildImage(uniqueTag(`entrypoint-exits-${code}`), `FROM ${BUSYBOX}\nENTRYPOINT ["sh", "-c", "exit ${code}"]\nCMD ["ignored"]\n`);
    const [exits0, exits1] = await Promise.all([exitsWith(0), exitsWith(1)]);
    const repo = await createBusyboxProject({
      zero: { image: exits0, steps: ['echo "steps ran in $CI_JOB_NAME"'] },
      one: { image: exits1, steps: ['echo "steps ran in $CI_JOB_NAME"'] },
      'with-service': { services: { db: { image: exits1 } }, steps: ['echo never'] },
    });
    const run = await runInBothModes(RUN, { cwd: repo });
    await expectFailedRun(run);
    // A job's container runs localci's step driver, not the image's entrypoint.
    for (const job of ['zero', 'one']) {
      expect(run.plain.stdout).toMatch(new RegExp(`^\\[${job}\\]\\s+steps ran in ${job}$`, 'm'));
      expect(run.jobEnd(job)).toMatchObject({ status: 'passed' });
    }
    // A service runs the image as it is, so it ends at once, and the job says so.
    expect(run.plain.stdout).not.toMatch(/^\[with-service\]\s+never$/m);
    expect(run.jobEnd('with-service')).toMatchObject({ status: 'failed', reason: 'service "db" exited with code 1 before it was ready' });
  });

  it('fails a job whose image has no shell, naming the missing sh', async () => {
    const rootfs = makeTempDir('rootfs');
    writeFileSync(path.join(rootfs, 'README'), 'an image with one file and no shell\n');
    const tarball = (await execa('tar', ['-C', rootfs, '-cf', '-', '.'], { encoding: 'buffer' })).stdout;
    const bare = await importImage(uniqueTag('no-shell'), Buffer.from(tarball));
    const repo = await createBusyboxProject({ bare: { image: bare, steps: ['echo never'] } });
    const run = await runInBothModes(RUN, { cwd: repo });
    await expectFailedRun(run);
    expect(run.plain.stdout).toMatch(/^\[bare\]\s+✗ failed in \S+: .*"sh": executable file not found/m);
    expect(run.jobEnd('bare')).toMatchObject({ status: 'failed', reason: expect.stringContaining('"sh": executable file not found') });
  });
});
