/**
 * `ci watch` without a terminal (plain lines), end to end: real files changed on
 * disk, real git, real Docker. Only the jobs whose inputs changed re-run, with
 * their upstream jobs' artifacts reused; a save during a run cancels it and the
 * next run sees the new file; SIGTERM leaves nothing behind.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

afterEach(async () => {
  // Every test leaves the engine as it found it; the removal after the check is only a safety net.
  const left = await localciObjects();
  await removeLocalciObjects();
  await cleanupTempDirs();
  expect(left.containers).toEqual([]);
});

const NOTHING = { containers: [], networks: [], volumes: [] };
const IDLE = 'watching for changes';

/** build → unit ‖ lint, each reading its own folder; unit prints build's artifact and its own input. */
function threeJobConfig(): string {
  return JSON.stringify({
    image: BUSYBOX,
    pull: 'never',
    jobs: {
      build: { inputs: ['src/**'], steps: ['mkdir -p dist && cat src/*.txt > dist/bundle.txt'], artifacts: ['dist/'] },
      unit: { needs: ['build'], inputs: ['test/**'], steps: ['echo "bundle: $(cat dist/bundle.txt)"', 'echo "test: $(cat test/t.txt)"'] },
      lint: { needs: ['build'], inputs: ['lint/**'], steps: ['echo "lint: $(cat lint/rules.txt)"'] },
    },
  });
}

/** Starts `ci watch` in plain mode and follows its output. */
function startWatch(repo: string, args: string[] = []) {
  const child = startCli(['watch', ...args], { cwd: repo });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const count = (text: string) => output.split(text).length - 1;
  return {
    child,
    output: () => output,
    /** Output written after `mark` (a value of `output().length`). */
    since: (mark: number) => output.slice(mark),
    /** Waits until `text` has appeared `times` times in all. */
    waitFor: (text: string, times = 1, timeoutMs = 30_000) =>
      waitFor(() => count(text) >= times, { timeoutMs, message: `${times}× "${text}" in the output:\n${output}` }),
    count,
  };
}

function write(repo: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), content);
}

describe('ci watch (plain)', () => {
  it('re-runs only the jobs whose inputs changed, reusing upstream artifacts, and nothing for unread files', async () => {
    const repo = await createGitRepo(
      { 'ci.config.json': threeJobConfig(), 'src/a.txt': 'alpha\n', 'test/t.txt': 'first\n', 'lint/rules.txt': 'strict\n', 'README.md': '# app\n', '.gitignore': 'node_modules/\n*.log\n' },
      { commit: true },
    );
    const watch = startWatch(repo);
    await watch.waitFor(IDLE);
    expect(watch.output()).toMatch(/PASSED 3 passed/);

    // A test file: unit runs again, on build's artifacts from the first run; build and lint do not.
    let mark = watch.output().length;
    write(repo, 'test/t.txt', 'second\n');
    await watch.waitFor(IDLE, 2);
    let run = watch.since(mark);
    expect(run).toContain('changed test/t.txt → unit\n');
    expect(run).toContain('reusing the artifacts of build from an earlier run');
    expect(run).toMatch(/localci run \S+: 1 job\(s\)/);
    expect(jobLines(run, 'unit')).toEqual(expect.arrayContaining(['bundle: alpha', 'test: second']));
    expect(jobLines(run, 'build')).toEqual([]);
    expect(jobLines(run, 'lint')).toEqual([]);
    expect(run).toMatch(/PASSED 1 passed/);

    // Files no job reads start nothing; ignored files and editor temp files are not even seen.
    mark = watch.output().length;
    write(repo, 'node_modules/dep/index.js', 'x');
    write(repo, 'debug.log', 'x');
    write(repo, 'test/.t.txt.swp', 'x');
    write(repo, 'README.md', '# app, edited\n');
    await watch.waitFor('changed README.md: no job reads it');
    // The proof that nothing ran: the next change's run is the only run after it.
    write(repo, 'lint/rules.txt', 'lenient\n');
    await watch.waitFor(IDLE, 3);
    run = watch.since(mark);
    expect(run.match(/^changed .*/gm)).toEqual(['changed README.md: no job reads it', 'changed lint/rules.txt → lint']);
    expect(run.match(/localci run \S+: \d+ job\(s\)/g)).toHaveLength(1);
    expect(jobLines(run, 'lint')).toContain('lint: lenient');
    expect(jobLines(run, 'unit')).toEqual([]);

    // A source file: build runs again, and every job downstream of it with its new artifact.
    mark = watch.output().length;
    write(repo, 'src/a.txt', 'beta\n');
    await watch.waitFor(IDLE, 4);
    run = watch.since(mark);
    expect(run).toContain('changed src/a.txt → build, unit, lint\n');
    expect(jobLines(run, 'unit')).toContain('bundle: beta');
    expect(run).toMatch(/PASSED 3 passed/);

    watch.child.kill('SIGTERM');
    const result = await watch.child;
    expect(result.exitCode).toBe(130);
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('cancels the run in flight on a save, removes its container, and runs the new content', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      // An hour: the new content shows only if the save cuts the run in flight short.
      jobs: { slow: { inputs: ['app.txt'], steps: ['echo "content: $(cat app.txt)"', 'sleep 3600'] } },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config), 'app.txt': 'v1\n' }, { commit: true });
    const watch = startWatch(repo);
    await watch.waitFor('content: v1');
    const firstRun = /localci run (\S+):/.exec(watch.output())?.[1];
    expect(firstRun).toBeDefined();
    expect((await localciObjects({ run: firstRun })).containers).toHaveLength(1);

    write(repo, 'app.txt', 'v2\n');
    await watch.waitFor('content: v2');
    const output = watch.output();
    expect(output).toContain('app.txt changed: cancelling the run in flight');
    expect(output).toContain('run cancelled; starting again with the newest files');
    // The cancelled run's verdict is not printed as if the session had been interrupted.
    expect(output).not.toMatch(/INTERRUPTED/);
    expect(await localciObjects({ run: firstRun })).toEqual(NOTHING);

    watch.child.kill('SIGTERM');
    const result = await watch.child;
    expect(result.exitCode).toBe(130);
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('follows edits to .gitignore and to the config itself', async () => {
    const config = (word: string) => JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { all: { steps: [`echo "${word}: $(ls | tr '\\n' ' ')"`] } } });
    const repo = await createGitRepo({ 'ci.config.json': config('first'), 'README.md': 'hi\n' }, { commit: true });
    write(repo, 'out/report.txt', 'generated\n');
    const watch = startWatch(repo);
    await watch.waitFor(IDLE);

    // out/ becomes ignored: its files stop counting (written in the same batch as README.md).
    write(repo, '.gitignore', 'out/\n');
    await watch.waitFor('changed .gitignore → all');
    await watch.waitFor(IDLE, 2);
    write(repo, 'out/report.txt', 'regenerated\n');
    write(repo, 'README.md', 'hello\n');
    await watch.waitFor(IDLE, 3);
    expect(watch.output()).toContain('changed README.md → all\n');

    // A config that does not load keeps the previous one; a good one runs everything anew.
    write(repo, 'ci.config.json', '{ "jobs": ');
    await watch.waitFor('the config did not load; watching with the previous one');
    write(repo, 'ci.config.json', config('second'));
    await watch.waitFor('second: ');
    await watch.waitFor(IDLE, 4);
    expect(watch.output()).toContain('changed ci.config.json → all\n');
    expect(jobLines(watch.output(), 'all').find((line) => line.startsWith('second: '))).not.toContain('out');

    watch.child.kill('SIGTERM');
    expect((await watch.child).exitCode).toBe(130);
  });

  it('keeps each run\'s tree exact from the saves alone: new, edited, deleted and renamed files', async () => {
    const listing = JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { all: { steps: ['echo "tree: $(find . -name \'*.txt\' | sort | xargs cat | tr \'\\n\' \' \')"'] } } });
    const repo = await createGitRepo({ 'ci.config.json': listing, 'a.txt': 'a1\n', 'b.txt': 'b1\n', '.gitignore': '*.log\n' }, { commit: true });
    const watch = startWatch(repo, ['--no-cache']);
    await watch.waitFor(IDLE);
    // What each save leaves, as the job sees it; undefined: a save that must start nothing (ignored).
    const steps: Array<[() => void, string | undefined]> = [
      [() => write(repo, 'c.txt', 'c1\n'), 'a1 b1 c1'],
      [() => write(repo, 'a.txt', 'a2\n'), 'a2 b1 c1'],
      [() => rmSync(path.join(repo, 'b.txt')), 'a2 c1'],
      [() => renameSync(path.join(repo, 'c.txt'), path.join(repo, 'd.txt')), 'a2 c1'],
      [() => write(repo, 'ignored.log', 'never\n'), undefined],
      [() => write(repo, 'sub/e.txt', 'e1\n'), 'a2 c1 e1'],
    ];
    let runs = 1;
    for (const [change, expected] of steps) {
      const mark = watch.output().length;
      change();
      if (expected === undefined) continue;
      runs += 1;
      await watch.waitFor(IDLE, runs);
      const tree = jobLines(watch.since(mark), 'all').find((line) => line.startsWith('tree: '));
      expect(tree?.replace(/^tree: /, '').trim()).toBe(expected);
    }
    watch.child.kill('SIGTERM');
    expect((await watch.child).exitCode).toBe(130);
  });

  it('refuses to watch a deploy job', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: { build: { steps: ['true'] }, ship: { needs: ['build'], environment: 'production', steps: ['echo shipped'] } },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['watch', 'ship'], { cwd: repo });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Job "ship" deploys to the "production" environment; watch mode never runs deploy jobs.');
    expect(result.stdout).toBe('');
  });
});

describe('ci watch with watch.keepContainers', () => {
  it('runs re-runs in a container started ahead, with the new content, and removes it on exit', async () => {
    const config = JSON.stringify({
      image: BUSYBOX,
      pull: 'never',
      watch: { keepContainers: true },
      jobs: { unit: { inputs: ['src/**'], steps: ['echo "content: $(cat src/a.txt)"', 'test ! -e leftover', 'touch leftover'] } },
    });
    const repo = await createGitRepo({ 'ci.config.json': config, 'src/a.txt': 'one\n' }, { commit: true });
    const watch = startWatch(repo, ['--no-cache']);
    await watch.waitFor(IDLE);
    // After the first run one container waits, started, for the next save.
    await waitFor(async () => (await localciObjects()).containers.length === 1, { timeoutMs: 20_000, message: 'a warm container' });

    write(repo, 'src/a.txt', 'two\n');
    await watch.waitFor(IDLE, 2);
    expect(watch.output()).toContain('content: two');
    // A fresh one for every run: the file the last run left is not seen by the next.
    write(repo, 'src/a.txt', 'three\n');
    await watch.waitFor(IDLE, 3);
    expect(watch.output()).toContain('content: three');
    expect(watch.output()).not.toContain('✗');

    watch.child.kill('SIGTERM');
    const result = await watch.child;
    expect(result.exitCode).toBe(130);
    expect(await localciObjects()).toEqual(NOTHING);
  });
});
