/** `ci init` through the built CLI: detected configs that `ci list` accepts and `ci run` passes. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** A Node project whose scripts need no dependencies, with an npm lock file. */
const NODE_PROJECT = {
  'package.json': JSON.stringify({
    name: 'init-demo',
    version: '1.0.0',
    engines: { node: '>=20' },
    scripts: { build: 'mkdir -p dist && node -e "require(\'fs\').writeFileSync(\'dist/out.txt\', \'built\')"', test: 'node -e "console.log(\'tests ran:\', 1 + 1)"' },
  }),
  'package-lock.json': JSON.stringify({ name: 'init-demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'init-demo', version: '1.0.0' } } }),
  '.gitignore': 'dist/\nnode_modules/\n',
};

describe('ci init', () => {
  it('Node with npm: writes ci.config.ts that `ci list` accepts and `ci run` passes in node:20', async () => {
    const repo = await createGitRepo(NODE_PROJECT, { commit: true });
    const init = await runCli(['init'], { cwd: repo });
    expect(init.exitCode, init.all).toBe(0);
    expect(init.stdout).toContain('wrote ci.config.ts');
    expect(init.stdout).toContain('npm (package-lock.json)');
    const config = readFileSync(path.join(repo, 'ci.config.ts'), 'utf8');
    expect(config).toContain("image: 'node:20'");
    expect(config).toContain("steps: ['npm ci'],");
    expect(config).toContain("steps: ['npm run build']");
    expect(config).not.toContain('environments');

    const list = await runCli(['list', '--json'], { cwd: repo });
    expect(list.exitCode, list.all).toBe(0);
    const jobs = (JSON.parse(list.stdout) as { jobs: Array<{ name: string; image: string; needs: string[] }> }).jobs;
    expect(jobs).toEqual([
      expect.objectContaining({ name: 'build', image: 'node:20', needs: [] }),
      expect.objectContaining({ name: 'test', image: 'node:20', needs: ['build'] }),
    ]);

    const run = await runCli(['run', '--plain'], { cwd: repo });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toMatch(/\[test\]\s+tests ran: 2/);
  });

  it('a Dockerfile adds a staging environment', async () => {
    const repo = await createGitRepo({ ...NODE_PROJECT, Dockerfile: 'FROM node:20\nCOPY . /app\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n' });
    const init = await runCli(['init'], { cwd: repo });
    expect(init.exitCode, init.all).toBe(0);
    expect(init.stdout).toContain('staging environment, port 3000 from EXPOSE');
    const list = await runCli(['list'], { cwd: repo });
    expect(list.exitCode, list.all).toBe(0);
    const config = await runCli(['config'], { cwd: repo });
    expect(config.exitCode, config.all).toBe(0);
    expect((JSON.parse(config.stdout) as { environments: unknown }).environments).toEqual({
      staging: { build: { dockerfile: 'Dockerfile', context: '.' }, run: { ports: [3000] }, smoke: ['node -e "fetch(process.env.DEPLOY_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"'] },
    });
  });

  it('Python: a virtualenv install layer and pytest in python:3.12', async () => {
    const repo = await createGitRepo({ 'requirements.txt': 'pytest==8.3.3\n', 'test_app.py': 'def test_ok():\n    assert True\n' });
    const init = await runCli(['init'], { cwd: repo });
    expect(init.exitCode, init.all).toBe(0);
    const list = await runCli(['list', '--json'], { cwd: repo });
    expect(list.exitCode, list.all).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ jobs: [{ name: 'test', image: 'python:3.12', needs: [] }] });
    const written = readFileSync(path.join(repo, 'ci.config.ts'), 'utf8');
    expect(written).toContain("steps: ['python -m venv --copies .venv', '.venv/bin/pip install -r requirements.txt'],");
    expect(written).toContain("paths: ['.venv'],");
    expect(written).toContain("steps: ['.venv/bin/python -m pytest']");
  });

  it('refuses to overwrite a config without --force (exit 2 with a hint), replaces it with --force', async () => {
    const repo = await createGitRepo({ ...NODE_PROJECT, 'ci.config.json': '{"jobs":{"x":{"steps":["true"]}}}' });
    const refused = await runCli(['init'], { cwd: repo });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('ci.config.json already defines the pipeline');
    expect(refused.stderr).toContain('ci init --force');
    expect(existsSync(path.join(repo, 'ci.config.ts'))).toBe(false);

    writeFileSync(path.join(repo, 'ci.config.ts'), '// mine\n');
    expect((await runCli(['init'], { cwd: repo })).exitCode).toBe(2);
    expect(readFileSync(path.join(repo, 'ci.config.ts'), 'utf8')).toBe('// mine\n');
    const forced = await runCli(['init', '--force'], { cwd: repo });
    expect(forced.exitCode, forced.all).toBe(0);
    expect(readFileSync(path.join(repo, 'ci.config.ts'), 'utf8')).toContain("image: 'node:20'");
  });

  it('--hook installs the pre-push hook as well', async () => {
    const repo = await createGitRepo(NODE_PROJECT);
    const init = await runCli(['init', '--hook'], { cwd: repo });
    expect(init.exitCode, init.all).toBe(0);
    expect(init.stdout).toMatch(/pre-push hook installed: .*pre-push/);
    const hookPath = path.resolve(repo, await git(repo, 'rev-parse', '--git-path', 'hooks'), 'pre-push');
    expect(readFileSync(hookPath, 'utf8')).toContain('localci-managed-hook: pre-push');
    const status = await runCli(['hook', 'status'], { cwd: repo });
    expect(status.exitCode, status.all).toBe(0);
  });
});
