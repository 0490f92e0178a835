/**
 * A pool of two engines: the shared one on its socket and a private one reached over TCP
 * (its own network namespace, through a veth pair), one slot each. The sample pipeline passes
 * with the outputs and artifacts it has on one engine, its jobs spread over both, the private
 * engine gets the image streamed from the shared one (no registry), and the results are the
 * cache hits of a plain Docker run. Killing the private engine mid-run fails its job with
 * exit 3 and a sentence naming it, while the rest of the run goes on on the survivor.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { followOutput } from '../helpers/live-output.js';
import { statePath, tempEntries } from '../helpers/local-state.js';
import { startPrivateEngine, type PrivateEngine } from '../helpers/private-engine.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX, jobLines, sampleFiles } from './sample-pipeline.js';

const SHARED = 'unix:///var/run/docker.sock';
let engine: PrivateEngine | undefined;

beforeAll(async () => {
  // Without the fixture image: the pool must bring it there.
  engine = await startPrivateEngine([], { tcp: true });
});

afterEach(async () => {
  await removeLocalciObjects();
});

afterAll(async () => {
  await engine?.destroy();
  await cleanupTempDirs();
});

const poolEnv = () => ({ LOCALCI_ENGINES: `${SHARED}*1,${engine!.tcpHost!}*1` });

describe('a pool of engines', () => {
  it('runs the sample pipeline over both engines with the outputs, artifacts and cache keys of one engine', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['run'], { cwd: repo, env: poolEnv() });
    expect(result.exitCode, result.all).toBe(0);
    expect(jobLines(result.stdout, 'build')).toContain('built 2 lines');
    expect(jobLines(result.stdout, 'unit')).toContain('hi from unit true 1 unit /workspace');
    expect(jobLines(result.stdout, 'lint')).toContain('hello from lint');
    expect(result.stdout).toMatch(/PASSED 4 passed/);
    // unit and lint run at once, one on each engine; the one on the private engine got the image from the shared one.
    const ranOn = (job: string) => jobLines(result.stdout, job).find((line) => / on /.test(line) && /passed in/.test(line)) ?? '';
    expect([ranOn('unit'), ranOn('lint')].map((line) => line.endsWith(engine!.tcpHost!)).sort()).toEqual([false, true]);
    expect(result.stdout).toContain(`copying image ${BUSYBOX} from engine ${SHARED}`);

    const runs = statePath(repo, 'runs');
    const runDir = path.join(runs, readdirSync(runs)[0]!);
    expect(readFileSync(path.join(runDir, 'artifacts', 'build', 'dist', 'bundle.txt'), 'utf8')).toBe('alpha\nbeta\n');
    const record = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { jobs: Array<{ imageId: string; engine: string }> };
    // Every job ran in the very image the run resolved, whichever engine ran it.
    expect(new Set(record.jobs.map((job) => job.imageId)).size).toBe(1);
    expect(new Set(record.jobs.map((job) => job.engine))).toEqual(new Set([SHARED, engine!.tcpHost]));

    // The same cache keys as a run on the one engine: all four are hits there.
    const local = await runCli(['run', '--json'], { cwd: repo, env: { LOCALCI_ENGINES: undefined } });
    expect(local.exitCode, local.all).toBe(0);
    const cached = local.stdout.split('\n').filter((line) => line.includes('"type":"job-end"') && line.includes('"status":"cached"'));
    expect(cached).toHaveLength(4);
    for (const host of [SHARED, engine!.tcpHost!]) expect(await localciObjects({ projectDir: repo, host })).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('ci doctor lists each engine of the pool, and exits 3 when one does not answer', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['doctor'], { cwd: repo, env: { LOCALCI_ENGINES: `${SHARED},${engine!.tcpHost!}*3,tcp://127.0.0.1:9` } });
    expect(result.exitCode, result.all).toBe(3);
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^✓ engine\\s+${SHARED}: Docker \\S+, \\d+ slots?, workspace mounted$`)),
        expect.stringMatching(new RegExp(`^✓ engine\\s+${engine!.tcpHost!}: Docker \\S+, 3 slots, workspace copied in$`)),
        expect.stringMatching(/^✗ engine\s+tcp:\/\/127\.0\.0\.1:9: Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\.$/),
      ]),
    );
  });

  // Last: it kills the private engine.
  it('fails the job of an engine killed mid-run with exit 3 naming it, and runs the rest on the other engine', async () => {
    // The doomed job starts first and so takes the private engine (listed first); the others
    // then find the shared engine only, before and after the kill.
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: {
        doomed: { steps: ['echo doomed-running', 'sleep 3600'] },
        quick: { steps: ['echo quick-ran'] },
        after: { needs: ['doomed'], when: 'always', steps: ['echo after-ran'] },
      },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const child = startCli(['run', '--json'], { cwd: repo, env: { LOCALCI_ENGINES: `${engine!.tcpHost!}*1,${SHARED}*1` } });
    const output = followOutput(child);
    await output.waitFor('doomed-running');
    await engine!.crash();
    const result = await child;
    expect(result.exitCode, result.all).toBe(3);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error '));
    expect(errors).toEqual([`error Job "doomed" failed: engine ${engine!.tcpHost} of the pool went away while the job ran.`]);
    const ends = result.stdout.split('\n').filter((line) => line.includes('"type":"job-end"')).map((line) => (JSON.parse(line) as { result: { job: string; status: string; engine?: string } }).result);
    expect(ends.map(({ job, status, engine: where }) => [job, status, where]).sort()).toEqual([
      ['after', 'passed', SHARED],
      ['doomed', 'failed', engine!.tcpHost],
      ['quick', 'passed', SHARED],
    ]);
    expect(await localciObjects({ projectDir: repo, host: SHARED })).toEqual({ containers: [], networks: [], volumes: [] });
    expect(tempEntries(repo)).toEqual([]);
  });
});

