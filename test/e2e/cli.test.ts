/**
 * The command shell as a user meets it: version, help, usage errors, `list`
 * and `config`, and every malformed config of the corpus through the built CLI:
 * exit 2, one line per problem naming the file and the key path, no stack trace.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { STACK_FRAME } from '../helpers/cli-output.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { sampleFiles } from './sample-pipeline.js';

afterEach(cleanupTempDirs);

const BAD_CONFIGS = path.join(REPO_ROOT, 'test', 'fixtures', 'bad-configs');
const expectations = JSON.parse(readFileSync(path.join(BAD_CONFIGS, 'expectations.json'), 'utf8')) as Record<string, string[]>;

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

  it('says when the pipeline was inferred from package.json', async () => {
    const pkg = { name: 'inferred', scripts: { build: 'tsc', test: 'vitest run', lint: 'eslint .' }, engines: { node: '>=18' } };
    const repo = await createGitRepo({ 'package.json': JSON.stringify(pkg), 'package-lock.json': '{}' });
    const result = await runCli(['list'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('Pipeline inferred from the scripts in package.json');
    expect(result.stdout).toMatch(/^build\s+node:18\s+—/m);
    expect(result.stdout).toMatch(/^test\s+node:18\s+build/m);
    const config = JSON.parse((await runCli(['config'], { cwd: repo })).stdout);
    expect(config.jobs.find((job: { name: string }) => job.name === 'test').steps.map((step: { run: string }) => step.run)).toEqual(['npm ci', 'npm run test']);
  });

  describe('malformed configs: exit 2, file and key path, no stack trace', () => {
    it.each(Object.entries(expectations))('%s', async (file, expected) => {
      const result = await runCli(['list', '--config', file], { cwd: BAD_CONFIGS });
      expect(result.exitCode, result.all).toBe(2);
      for (const text of expected) expect(result.stderr).toContain(text);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(result.stdout).toBe('');
    });
  });

  it('shows the stack trace of a config error only with --debug', async () => {
    const result = await runCli(['list', '--config', 'needs-missing-job.json', '--debug'], { cwd: BAD_CONFIGS });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(STACK_FRAME);
  });
});
