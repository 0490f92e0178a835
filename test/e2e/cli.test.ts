/**
 * The command shell as a user meets it: version, help, usage errors, `list` and `config`.
 * The malformed config corpus through the built CLI (exit 2, one line per problem naming the
 * file and the key path, a stack trace only with --debug) is test/reliability/bad-input-cli.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { sampleFiles } from './sample-pipeline.js';

afterEach(cleanupTempDirs);

describe('ci command shell', () => {
  it('prints its version and help, exit 0', async () => {
    const version = await runCli(['--version'], { cwd: REPO_ROOT });
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const help = await runCli(['--help'], { cwd: REPO_ROOT });
    expect(help.exitCode).toBe(0);
    for (const command of ['run', 'list', 'config', 'hook']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it.each([
    [['rn'], "unknown command 'rn' (did you mean run?)"],
    [['run', '--bogus'], "unknown option '--bogus'"],
    [['run', '-j', 'zero'], 'expected a whole number of at least 1'],
  ])('rejects %j with one line, a hint and exit 2', async (args, message) => {
    const result = await runCli(args, { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toBe('hint  Run `ci --help` for usage.');
  });

  it('rejects an unknown job with a suggestion, exit 2', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['run', 'biuld'], { cwd: repo });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown job "biuld".');
    expect(result.stderr).toContain('Did you mean "build"?');
  });

  it('a signal while the CLI loads still exits 130, not by the signal itself', async () => {
    // The hook holds the bundle's first module back, so the signal lands while it loads.
    const hook = pathToFileURL(path.join(REPO_ROOT, 'test', 'fixtures', 'node-hooks', 'hold-cli-bundle.mjs')).href;
    const mark = path.join(makeTempDir('loading'), 'loading');
    const child = startCli(['list'], { cwd: REPO_ROOT, env: { NODE_OPTIONS: `--import ${hook}`, LOCALCI_TEST_LOADING_MARK: mark } });
    await waitFor(() => existsSync(mark), { timeoutMs: 30_000, message: 'the CLI to load its bundle' });
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal, result.all).toBeUndefined();
    expect(result.exitCode, result.all).toBe(130);
  });

  it('lists the jobs in run order with image and needs', async () => {
    const repo = await createGitRepo(sampleFiles(), { commit: true });
    const result = await runCli(['list'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => /^(build|unit|lint|deploy)\s/.test(line));
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['build', 'unit', 'lint', 'deploy']);
    expect(rows[3]).toMatch(/^deploy\s+localci-test\/busybox:latest\s+unit, lint/);
    expect(result.stdout).toContain('Pipeline from ci.config.json.');
  });

  it('lists a TypeScript config that imports defineConfig from localci', async () => {
    const config = `import { defineConfig } from 'localci';\nexport default defineConfig({ image: 'node:20', jobs: { build: { steps: ['true'] }, test: { needs: ['build'], steps: ['true'] } } });\n`;
    const repo = await createGitRepo({ 'ci.config.ts': config });
    const result = await runCli(['list', '--json'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const listed = JSON.parse(result.stdout);
    expect(listed.jobs.map((job: { name: string; needs: string[] }) => [job.name, job.needs])).toEqual([
      ['build', []],
      ['test', ['build']],
    ]);
  });

  it('says when the pipeline was inferred from package.json; only files git gives the jobs count', async () => {
    const pkg = { name: 'inferred', scripts: { build: 'tsc', test: 'vitest run', lint: 'eslint .' }, engines: { node: '>=18' } };
    // An ignored pnpm lock file is not what jobs get, so npm's decides.
    const repo = await createGitRepo({ 'package.json': JSON.stringify(pkg), 'package-lock.json': '{}', 'pnpm-lock.yaml': '', '.gitignore': 'pnpm-lock.yaml\n' });
    const host = `node:${process.versions.node.split('.')[0]}`;
    const result = await runCli(['list'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('Pipeline inferred from the scripts in package.json');
    // >=18 allows the Node running here, so its major is the image, not the range's lowest.
    expect(result.stdout).toMatch(new RegExp(`^build\\s+${host}\\s+—`, 'm'));
    // vitest loads the sources itself: the tests need no build first.
    expect(result.stdout).toMatch(new RegExp(`^test\\s+${host}\\s+—`, 'm'));
    const config = JSON.parse((await runCli(['config'], { cwd: repo })).stdout);
    expect(config.jobs.find((job: { name: string }) => job.name === 'test').steps.map((step: { run: string }) => step.run)).toEqual(['npm run test']);
    expect(config.install.steps.map((step: { run: string }) => step.run)).toEqual(['npm ci']);
  });

  it('--image and LOCALCI_IMAGE replace the default image, --env sets variables for the run', async () => {
    const repo = await createGitRepo({ 'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }) });
    const flag = await runCli(['list', '--image', 'node:22-alpine'], { cwd: repo });
    expect(flag.stdout, flag.all).toMatch(/^test\s+node:22-alpine\s/m);
    const variable = await runCli(['list'], { cwd: repo, env: { LOCALCI_IMAGE: 'node:21' } });
    expect(variable.stdout, variable.all).toMatch(/^test\s+node:21\s/m);
    const withEnv = await runCli(['config', '--env', 'FOO=a=b', '-e', 'HOME'], { cwd: repo });
    expect(withEnv.exitCode, withEnv.all).toBe(0);
    expect(JSON.parse(withEnv.stdout).jobs[0].env).toMatchObject({ FOO: 'a=b', HOME: process.env.HOME });
    const bad = await runCli(['list', '--env', '1X=y'], { cwd: repo });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--env 1X=y: "1X" is not a variable name.');
  });
});
