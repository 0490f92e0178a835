/**
 * Two checkouts with the same folder name (two clones of one repository, say) deploy the same
 * environment: each keeps its own container, network and tags, `ci env ls|logs|down` of one
 * never sees or touches the other's, and a deploy never removes or renames a container that
 * does not carry its project's `localci.project` label, even one holding its name.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSYBOX } from '../e2e/sample-pipeline.js';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { git, writeFiles } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { freePort } from '../helpers/free-port.js';

const NAME = `twin${process.pid}`;
const squatters: string[] = [];
/** The twins of the running test: environments carry no run label, so they are removed by project. */
const repos: string[] = [];

async function docker(...args: string[]): Promise<string> {
  return (await execa('docker', args)).stdout.trim();
}

afterEach(async () => {
  if (squatters.length > 0) await execa('docker', ['rm', '-f', ...squatters.splice(0)], { reject: false });
  for (const repo of repos.splice(0)) await removeLocalciObjects({ projectDir: repo });
  const images = (await execa('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { reject: false })).stdout.split('\n').filter((image) => image.includes(NAME));
  if (images.length > 0) await execa('docker', ['rmi', '-f', ...images], { reject: false });
  await cleanupTempDirs();
});


/** A committed app serving `text` on `port`, in a folder named NAME inside a fresh temp folder. */
async function twin(text: string, port: number): Promise<string> {
  const repo = path.join(makeTempDir('twin'), NAME);
  mkdirSync(repo);
  repos.push(repo);
  writeFiles(repo, {
    'ci.config.json': JSON.stringify({
      image: BUSYBOX,
      pull: 'never',
      jobs: { check: { steps: ['true'] } },
      environments: { staging: { build: { dockerfile: 'Dockerfile' }, run: { ports: [`${port}:8080`] } } },
    }),
    Dockerfile: `FROM ${BUSYBOX}\nCOPY index.html /www/index.html\nCMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]\n`,
    'index.html': `${text}\n`,
  });
  await git(repo, 'init', '-q', '-b', 'main');
  await git(repo, 'add', '-A');
  await git(repo, '-c', 'user.name=t', '-c', 'user.email=t@localci.invalid', 'commit', '-qm', 'initial');
  return repo;
}

async function fetchText(url: string): Promise<string> {
  return (await (await fetch(url)).text()).trim();
}

/** `<container name> <localci.project>` of every deployed-environment container of this file. */
async function envContainers(): Promise<string[]> {
  const out = await docker('ps', '-a', '--filter', 'label=localci.env', '--format', '{{.Names}} {{.Label "localci.project"}}');
  return out.split('\n').filter((line) => line.includes(NAME)).sort();
}

describe('deploy environments of two projects with the same folder name', () => {
  it('keep their own container, network and tags; env ls, logs and down see only their own', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const [a, b] = [await twin('from a', portA), await twin('from b', portB)];

    const deployA = await runCli(['deploy', 'staging'], { cwd: a });
    expect(deployA.exitCode, deployA.all).toBe(0);
    const deployB = await runCli(['deploy', 'staging'], { cwd: b });
    expect(deployB.exitCode, deployB.all).toBe(0);
    expect(await fetchText(`http://127.0.0.1:${portA}/`)).toBe('from a');
    expect(await fetchText(`http://127.0.0.1:${portB}/`)).toBe('from b');
    expect(deployB.stdout).not.toContain('replaced');

    const containers = await envContainers();
    expect(containers).toHaveLength(2);
    expect(new Set(containers.map((line) => line.split(' ')[1])).size).toBe(2);
    const networks = (await docker('network', 'ls', '--filter', 'label=localci.env', '--format', '{{.Name}}')).split('\n').filter((name) => name.includes(NAME));
    expect(networks).toHaveLength(2);

    // Each project's `{env}` tag still names its own image.
    const envTag = (output: string) => /tagged (\S+:staging)/.exec(output)?.[1];
    const [tagA, tagB] = [envTag(deployA.stdout), envTag(deployB.stdout)];
    expect(tagA).toBeDefined();
    expect(tagA).not.toBe(tagB);
    expect(tagA!.startsWith(NAME)).toBe(true);
    const servedBy = async (port: number) => {
      const id = (await docker('ps', '--filter', `publish=${port}`, '--format', '{{.ID}}')).split('\n')[0]!;
      return docker('inspect', '--format', '{{.Image}}', id);
    };
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', tagA!)).toBe(await servedBy(portA));
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', tagB!)).toBe(await servedBy(portB));

    const listA = await runCli(['env', 'ls', '--json'], { cwd: a });
    expect(listA.exitCode, listA.all).toBe(0);
    const envsA = JSON.parse(listA.stdout) as Array<{ env: string; url?: string }>;
    expect(envsA.map((env) => [env.env, env.url])).toEqual([['staging', `http://127.0.0.1:${portA}`]]);

    await fetchText(`http://127.0.0.1:${portB}/only-b`).catch(() => undefined);
    const logsA = await runCli(['env', 'logs', 'staging'], { cwd: a });
    expect(logsA.exitCode, logsA.all).toBe(0);
    expect(logsA.all).not.toContain('only-b');

    const containerA = await docker('ps', '--filter', `publish=${portA}`, '--format', '{{.Names}} {{.Label "localci.project"}}');
    const downB = await runCli(['env', 'down', 'staging'], { cwd: b });
    expect(downB.exitCode, downB.all).toBe(0);
    expect(downB.stdout).toContain('1 container and its network removed');
    expect(await fetchText(`http://127.0.0.1:${portA}/`)).toBe('from a');
    expect(await envContainers()).toEqual([containerA]);
  }, 240_000);

  it('never removes or renames a container that holds an environment name without its label', async () => {
    const port = await freePort();
    const repo = await twin('from a', port);
    const first = await runCli(['deploy', 'staging'], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);
    const [serving] = await envContainers();
    const name = serving!.split(' ')[0]!;
    expect((await runCli(['env', 'down'], { cwd: repo })).exitCode).toBe(0);

    // Someone else's containers under the names the deploy uses for the serving, old and new container.
    for (const suffix of ['', '-next', '-prev']) {
      squatters.push(await docker('create', '--name', `${name}${suffix}`, BUSYBOX, 'true'));
    }
    const second = await runCli(['deploy', 'staging'], { cwd: repo });
    expect(second.exitCode, second.all).toBe(1);
    expect(second.stderr).toContain(`container ${name}`);
    expect(second.stderr).toContain('localci.project');
    for (const id of squatters) expect(await docker('inspect', '--format', '{{.Name}}', id)).toMatch(new RegExp(`^/${name}(-next|-prev)?$`));

    const logs = await runCli(['env', 'logs', 'staging'], { cwd: repo });
    expect(logs.exitCode).toBe(2);
    expect(logs.stderr).toContain('staging is not deployed');
    const down = await runCli(['env', 'down', 'staging'], { cwd: repo });
    expect(down.exitCode, down.all).toBe(0);
    for (const id of squatters) expect(await docker('inspect', '--format', '{{.Name}}', id)).toMatch(new RegExp(`^/${name}`));
  }, 240_000);
});
