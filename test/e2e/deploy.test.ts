/** `ci deploy` and `ci env`, end to end: a busybox httpd app built from its Dockerfile, served on 127.0.0.1. */
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { projectId } from '../../src/model/project-id.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { BUSYBOX } from './sample-pipeline.js';
import { freePort } from '../helpers/free-port.js';

/** Project names (folder names) of this file's repositories: their Docker objects are removed after each test. */
const projects = new Set<string>();

async function removeDeployObjects(): Promise<void> {
  const ours = (label: string) => [...projects].some((name) => label.startsWith(`${name}-`));
  const listed = async (args: string[]) =>
    (await execa('docker', args, { reject: false })).stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields): fields is [string, string] => fields.length === 2 && ours(fields[1]!))
      .map(([id]) => id);
  const containers = await listed(['ps', '-a', '--filter', 'label=localci.project', '--format', '{{.ID}} {{.Label "localci.project"}}']);
  if (containers.length > 0) await execa('docker', ['rm', '-f', ...containers], { reject: false });
  const networks = await listed(['network', 'ls', '--filter', 'label=localci.project', '--format', '{{.ID}} {{.Label "localci.project"}}']);
  if (networks.length > 0) await execa('docker', ['network', 'rm', ...networks], { reject: false });
  const imageIds = (await execa('docker', ['images', '-q', '--filter', 'label=localci.project'], { reject: false })).stdout.split('\n').filter(Boolean);
  for (const id of new Set(imageIds)) {
    const label = (await execa('docker', ['image', 'inspect', '--format', '{{index .Config.Labels "localci.project"}}', id], { reject: false })).stdout.trim();
    if (ours(label)) await execa('docker', ['rmi', '-f', id], { reject: false });
  }
}

afterEach(async () => {
  await removeDeployObjects();
  await cleanupTempDirs();
});
afterAll(removeDeployObjects);


async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  return (await response.text()).trim();
}

function config(port: number, staging: Record<string, unknown> = {}) {
  return JSON.stringify({
    image: BUSYBOX,
    pull: 'never',
    jobs: { check: { steps: ['test -f www/index.html'] } },
    environments: {
      staging: { build: { dockerfile: 'Dockerfile', context: '.' }, run: { ports: [`${port}:8080`] }, smoke: ['wget -qO- "$DEPLOY_URL"'], ...staging },
    },
  });
}

const DOCKERFILE = `FROM ${BUSYBOX}\nCOPY www /www\nEXPOSE 8080\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n`;

async function sampleApp(port: number) {
  const repo = await createGitRepo({ 'ci.config.json': config(port), Dockerfile: DOCKERFILE, 'www/index.html': 'version one\n', '.dockerignore': 'notes.txt\n' }, { commit: true });
  projects.add(path.basename(repo).toLowerCase());
  return repo;
}

/** The project id the CLI derives for the checkout (folder name plus a hash of its path): deploy names and tags carry it. */
function projectIdOf(repo: string): string {
  return projectId({ projectName: path.basename(repo).toLowerCase(), root: realpathSync(repo) });
}

async function commitChange(repo: string, files: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(repo, name), content);
  await git(repo, 'commit', '-qam', 'change');
  return (await git(repo, 'rev-parse', 'HEAD')).slice(0, 8);
}

async function containerNames(project: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', 'label=localci.env', '--format', '{{.Names}}']);
  return stdout.split('\n').filter((name) => name.includes(project)).sort();
}

describe('ci deploy', () => {
  it('builds, tags with the sha, serves on 127.0.0.1, passes the smoke steps; a second deploy replaces it', async () => {
    const port = await freePort();
    const repo = await sampleApp(port);
    const project = projectIdOf(repo);
    const sha = (await git(repo, 'rev-parse', 'HEAD')).slice(0, 8);

    const first = await runCli(['deploy', 'staging'], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toContain(`tagged ${project}:${sha}`);
    expect(first.stdout).toMatch(/smoke steps passed/);
    expect(first.stdout).toMatch(/\|?\s+version one/);
    expect(first.stdout).toContain(`staging deployed: ${project}:${sha}`);
    expect(first.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('version one');
    // Published on loopback only.
    const ports = (await execa('docker', ['port', `localci-env-${project}-staging`])).stdout;
    expect(ports).toBe(`8080/tcp -> 127.0.0.1:${port}`);
    const labels = JSON.parse((await execa('docker', ['inspect', '--format', '{{json .Config.Labels}}', `localci-env-${project}-staging`])).stdout) as Record<string, string>;
    expect(labels['localci.env']).toBe('staging');
    expect(labels['localci.project']).toBe(project);
    expect(labels['localci.run']).toBeUndefined();
    const imageOf = async (reference: string) => (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', reference])).stdout;
    expect(await imageOf(`${project}:staging`)).toBe(await imageOf(`${project}:${sha}`));

    // `ci run` reaps crashed runs' leftovers; the environment is not one of them.
    const run = await runCli(['run', '--plain'], { cwd: repo });
    expect(run.exitCode, run.all).toBe(0);
    const list = await runCli(['env', 'ls'], { cwd: repo });
    expect(list.exitCode, list.all).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`staging\\s+${project}:${sha}\\s+${sha}\\s+healthy\\s+http://127.0.0.1:${port}`));

    const sha2 = await commitChange(repo, { 'www/index.html': 'version two\n' });
    const second = await runCli(['deploy'], { cwd: repo });
    expect(second.exitCode, second.all).toBe(0);
    expect(second.stdout).toContain(`staging replaced: ${project}:${sha2}`);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('version two');
    expect(await containerNames(project)).toEqual([`localci-env-${project}-staging`]);
    expect(await imageOf(`${project}:staging`)).toBe(await imageOf(`${project}:${sha2}`));
    expect(await imageOf(`${project}:${sha}`)).not.toBe(await imageOf(`${project}:${sha2}`));

    const logs = await runCli(['env', 'logs', 'staging'], { cwd: repo });
    expect(logs.exitCode, logs.all).toBe(0);
    const down = await runCli(['env', 'down'], { cwd: repo });
    expect(down.exitCode, down.all).toBe(0);
    expect(down.stdout).toContain('staging down: 1 container and its network removed');
    expect(await containerNames(project)).toEqual([]);
    expect((await execa('docker', ['network', 'ls', '--format', '{{.Name}}'])).stdout).not.toContain(`localci-env-${project}-staging`);
  });

  it('keeps the old container serving and exits 1 when the new one fails its healthcheck or a smoke step', async () => {
    const port = await freePort();
    const repo = await sampleApp(port);
    const project = projectIdOf(repo);
    const first = await runCli(['deploy'], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);

    await commitChange(repo, { 'www/index.html': 'broken version\n', 'ci.config.json': config(port, { run: { ports: [`${port}:8080`], healthcheck: 'test -f /www/health' } }) });
    const unhealthy = await runCli(['deploy', '--health-timeout', '2'], { cwd: repo });
    expect(unhealthy.exitCode, unhealthy.all).toBe(1);
    expect(unhealthy.stderr).toContain('deploy to staging failed: the new staging container is not healthy: not healthy within 2s (healthcheck `test -f /www/health`)');
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('version one');
    expect(await containerNames(project)).toEqual([`localci-env-${project}-staging`]);

    await commitChange(repo, { 'ci.config.json': config(port, { smoke: ['wget -qO- "$DEPLOY_URL/missing.html"'] }) });
    const smoke = await runCli(['deploy'], { cwd: repo });
    expect(smoke.exitCode, smoke.all).toBe(1);
    expect(smoke.stderr).toContain('deploy to staging failed: a smoke step failed');
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('version one');
    expect(await containerNames(project)).toEqual([`localci-env-${project}-staging`]);

    // A smoke step's own time limit ends it as a job step's would, and says which limit fired.
    // The step would sleep for an hour: only its limit lets deploy end before the CLI's own (exit 143).
    await commitChange(repo, { 'ci.config.json': config(port, { smoke: ['true', { name: 'hangs', run: 'sleep 3600', timeout: '2s' }] }) });
    const slow = await runCli(['deploy'], { cwd: repo });
    expect(slow.exitCode, slow.all).toBe(1);
    expect(slow.stderr).toContain('deploy to staging failed: smoke step "hangs" exceeded its timeout of 2s');
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('version one');
    expect(await containerNames(project)).toEqual([`localci-env-${project}-staging`]);
    const list = await runCli(['env', 'ls'], { cwd: repo });
    expect(list.stdout).toMatch(/staging\s+\S+\s+\S+\s+healthy/);
  }, 240_000);

  it('Ctrl-C while the new container is checked removes it and leaves the running one, exit 130', async () => {
    const port = await freePort();
    const repo = await sampleApp(port);
    const project = projectIdOf(repo);
    expect((await runCli(['deploy'], { cwd: repo })).exitCode).toBe(0);
    await commitChange(repo, { 'ci.config.json': config(port, { run: { ports: [`${port}:8080`], healthcheck: 'false' } }) });
    const child = startCli(['deploy'], { cwd: repo });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('waiting until healthy'), { timeoutMs: 30_000, message: 'the health check to start' });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, result.all).toBe(130);
    expect(await containerNames(project)).toEqual([`localci-env-${project}-staging`]);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe('version one');
  });

  it('is a usage error without environments or with an unknown one', async () => {
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify({ image: BUSYBOX, jobs: { a: { steps: ['true'] } } }) }, { commit: true });
    const none = await runCli(['deploy'], { cwd: repo });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('defines no environments');
    const app = await sampleApp(await freePort());
    const unknown = await runCli(['deploy', 'prod'], { cwd: app });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('No environment named "prod"');
  });
});
