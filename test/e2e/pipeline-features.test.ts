/** Services, dependency caches and secrets, end to end against real Docker. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { statePath } from '../helpers/local-state.js';
import { BUSYBOX } from './sample-pipeline.js';

const volumes: string[] = [];
afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
  if (volumes.length > 0) await execa('docker', ['volume', 'rm', '-f', ...volumes.splice(0)], { reject: false });
});

const NOTHING = { containers: [], networks: [], volumes: [] };
const HTTP_SERVICE = {
  image: BUSYBOX,
  command: ['sh', '-c', 'mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www'],
  ports: [8080],
};

describe('services', () => {
  it('starts sidecars on the run network, reachable by name, ready before the steps, removed afterwards', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: {
        fetch: { services: { web: HTTP_SERVICE }, steps: ['wget -qO- http://web:8080/index.html'] },
        probe: {
          services: {
            slow: { image: BUSYBOX, command: ['sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 60'], healthcheck: 'test -f /tmp/ready' },
          },
          steps: ['ping -c 1 -W 2 slow > /dev/null && echo slow-is-up'],
        },
      },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/\[fetch\]\s+hello-from-web/);
    expect(result.stdout).toMatch(/\[fetch\]\s+service web \(localci-test\/busybox:latest\) started/);
    expect(result.stdout).toMatch(/\[probe\]\s+service slow ready in \d/);
    expect(result.stdout).toMatch(/\[probe\]\s+slow-is-up/);
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('fails the job with the service log when a service dies before it is ready', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: { fetch: { services: { db: { image: BUSYBOX, command: ['sh', '-c', 'echo db-cannot-start; exit 4'], ports: [5432] } }, steps: ['true'] } },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/service "db" exited with code 4 before it was ready/);
    expect(result.stdout).toMatch(/db \| db-cannot-start/);
    expect(await localciObjects()).toEqual(NOTHING);
  });
});

describe('dependency caches', () => {
  it('keeps a volume per key across runs and jobs, keyed by the lock file', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: {
        fill: {
          cache: [{ key: 'deps-{{ hashFiles("deps.lock") }}', paths: ['vendor', '~/.deps'] }],
          steps: ['ls vendor ~/.deps', 'date +%s%N > vendor/stamp', 'cp vendor/stamp ~/.deps/stamp'],
        },
        read: {
          needs: ['fill'],
          cache: [{ key: 'deps-{{ hashFiles("deps.lock") }}', paths: ['~/.deps'] }],
          steps: ['echo "seen $(cat ~/.deps/stamp)"'],
        },
      },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config), 'deps.lock': 'v1\n' }, { commit: true });
    const first = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);
    const listed = await execa('docker', ['volume', 'ls', '-q', '--filter', 'label=localci.cache']);
    volumes.push(...listed.stdout.split('\n').filter(Boolean));
    const stamp = /\[read\]\s+seen (\d+)/.exec(first.stdout)?.[1];
    expect(stamp).toBeDefined();

    const second = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(second.exitCode, second.all).toBe(0);
    // The second run found the first run's files before writing its own.
    expect(second.stdout).toMatch(/\[fill\]\s+stamp/);

    writeFileSync(path.join(repo, 'deps.lock'), 'v2\n');
    const third = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(third.exitCode, third.all).toBe(0);
    expect(third.stdout).not.toMatch(/\[fill\]\s+stamp/);
    volumes.push(...(await execa('docker', ['volume', 'ls', '-q', '--filter', 'label=localci.cache'])).stdout.split('\n').filter(Boolean));
    expect(await localciObjects()).toEqual(NOTHING);
  });
});

describe('secrets', () => {
  it('passes secrets to the jobs that name them and masks them in every output', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: {
        publish: { secrets: ['PUBLISH_TOKEN'], steps: ['echo "token is $PUBLISH_TOKEN"', 'printf "%s" "$PUBLISH_TOKEN" | wc -c'] },
        other: { steps: ['echo "other sees [${PUBLISH_TOKEN:-nothing}]"'] },
      },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config), '.gitignore': '.env.local\n' }, { commit: true });
    writeFileSync(path.join(repo, '.env.local'), 'PUBLISH_TOKEN=tok-8b1f-very-secret\n');
    const plain = await runCli(['run'], { cwd: repo });
    expect(plain.exitCode, plain.all).toBe(0);
    expect(plain.stdout).toContain('token is ••••');
    expect(plain.stdout).toMatch(/\[publish\]\s+20$/m);
    expect(plain.stdout).toContain('other sees [nothing]');
    expect(plain.stdout).not.toContain('tok-8b1f-very-secret');

    const runs = statePath(repo, 'runs');
    for (const run of readdirSync(runs)) {
      expect(readFileSync(path.join(runs, run, 'publish.log'), 'utf8')).not.toContain('tok-8b1f-very-secret');
    }
    const json = await runCli(['run', '--json', '--no-cache'], { cwd: repo, env: { PUBLISH_TOKEN: 'env-token-wins-1234' } });
    expect(json.exitCode, json.all).toBe(0);
    expect(json.stdout).not.toContain('env-token-wins-1234');
    expect(json.stdout).toContain('token is ••••');
  });

  it('refuses to run when a secret is missing, naming it, exit 2', async () => {
    const config = { image: BUSYBOX, pull: 'never', jobs: { publish: { secrets: ['NPM_TOKEN'], steps: ['true'] } } };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config) }, { commit: true });
    const result = await runCli(['run'], { cwd: repo, env: { NPM_TOKEN: undefined } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('ci.config.json: jobs.publish.secrets[0]: secret `NPM_TOKEN` is not set.');
  });
});

describe('rules', () => {
  it('skips a job when none of its `changes` files changed since the base', async () => {
    const config = {
      image: BUSYBOX,
      pull: 'never',
      jobs: {
        docs: { rules: { changes: ['docs/**'] }, steps: ['echo building docs'] },
        app: { rules: { changes: ['src/**'] }, steps: ['echo building app'] },
        always: { steps: ['echo always'] },
      },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config), 'docs/a.md': 'a\n', 'src/a.txt': 'a\n' }, { commit: true });
    await execa('git', ['tag', 'base'], { cwd: repo });
    writeFileSync(path.join(repo, 'src', 'a.txt'), 'changed\n');
    const result = await runCli(['run', '--since', 'base'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/\[docs\]\s+○ skipped: no changes in docs\/\*\*/);
    expect(result.stdout).toMatch(/\[app\]\s+building app/);
    expect(result.stdout).toMatch(/\[always\]\s+always/);

    // Without a base (no --since, no upstream) every rule passes.
    const noBase = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(noBase.stdout).toMatch(/\[docs\]\s+building docs/);
  });
});
