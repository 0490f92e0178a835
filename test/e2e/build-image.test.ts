/**
 * Job images built from the project's own Dockerfile: the built CLI against the real engine,
 * a multi-stage Dockerfile on the busybox fixture (no package manager: files come from RUN echo).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { PROXY_VARIABLES, TRUST_VARIABLES } from '../../src/run/host-network.js';
import { statePath } from '../helpers/local-state.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

const DOCKERFILE = `FROM ${BUSYBOX} AS deps
RUN echo deps > /deps.txt
FROM deps AS test
ARG NODE_VERSION
COPY app.txt /app/app.txt
RUN echo "test stage $NODE_VERSION" > /test-only.txt && cat /proc/sys/kernel/random/uuid > /build-id
FROM deps AS prod
RUN echo prod > /prod-only.txt
`;

const SPEC = { dockerfile: 'Dockerfile', target: 'test', context: '.', args: { NODE_VERSION: '20' } };

function projectFiles(dockerfile = DOCKERFILE, spec: object = SPEC): Record<string, string> {
  const config = {
    image: spec,
    pull: 'never',
    jobs: {
      a: { steps: ['cat /test-only.txt /app/app.txt', 'test ! -e /prod-only.txt', 'echo "id $(cat /build-id)"'] },
      b: { steps: ['echo "id $(cat /build-id)"'] },
    },
  };
  return {
    'ci.config.json': JSON.stringify(config),
    Dockerfile: dockerfile,
    'app.txt': 'app v1\n',
    'notes.md': 'not sent to the builder\n',
    '.dockerignore': 'notes.md\n',
    'ignored.txt': 'git-ignored\n',
    '.gitignore': 'ignored.txt\n',
  };
}

/** Every tag a test built, from the CLI's own "building image <tag>" lines. */
const builtTags = new Set<string>();

async function run(repo: string, ...args: string[]): Promise<CliResult> {
  // --no-cache: these tests are about the image, not the job-result cache.
  const result = await runCli(['run', '--no-cache', ...args], { cwd: repo });
  for (const match of result.stdout.matchAll(/building image (\S+)/g)) builtTags.add(match[1]!);
  return result;
}

async function builtImageIds(tagPrefix: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['images', '-q', '--no-trunc', '--filter', 'label=localci.build=1', tagPrefix]);
  return stdout.split('\n').filter(Boolean).sort();
}

function buildIdOf(output: string, job: string): string | undefined {
  return jobLines(output, job).find((line) => line.startsWith('id '));
}

function lastRunRecord(repo: string): { jobs: Array<{ job: string; imageId?: string; status: string }> } {
  const runs = statePath(repo, 'runs');
  const last = readdirSync(runs).sort().at(-1)!;
  return JSON.parse(readFileSync(path.join(runs, last, 'run.json'), 'utf8'));
}

afterEach(async () => {
  await removeLocalciObjects();
});

afterAll(async () => {
  if (builtTags.size > 0) await execa('docker', ['rmi', '-f', ...builtTags], { reject: false });
  await cleanupTempDirs();
});

describe('image built from the project Dockerfile', () => {
  it('builds the target stage once for two jobs, reuses it, and rebuilds only when a COPYed file changes', async () => {
    const repo = await createGitRepo(projectFiles(), { commit: true });

    const first = await run(repo);
    expect(first.exitCode, first.all).toBe(0);
    expect(jobLines(first.stdout, 'a')).toContain('test stage 20');
    expect(jobLines(first.stdout, 'a')).toContain('app v1');
    // One build for both jobs: the same build output in each job's log, and the same random id baked in.
    expect(buildIdOf(first.stdout, 'a')).toBeDefined();
    expect(buildIdOf(first.stdout, 'a')).toBe(buildIdOf(first.stdout, 'b'));
    for (const job of ['a', 'b']) expect(jobLines(first.stdout, job).filter((line) => /^Step 1\/\d+ : FROM/.test(line))).toHaveLength(1);
    const tag = first.stdout.match(/building image (\S+)/)![1]!;
    const repository = tag.split(':')[0]!;
    const ids = await builtImageIds(repository);
    expect(ids).toHaveLength(1);
    // run.json records the built image as the image each job ran in.
    expect(lastRunRecord(repo).jobs.map((job) => job.imageId)).toEqual([ids[0], ids[0]]);

    // Unchanged, and after changing a git-ignored and a .dockerignored file: no build. A build,
    // even one the builder answers from its cache, prints its steps.
    const second = await run(repo);
    expect(second.exitCode, second.all).toBe(0);
    expect(jobLines(second.stdout, 'a').some((line) => line.startsWith(`reusing image ${tag}`))).toBe(true);
    expect(second.stdout).not.toMatch(/Step 1\//);
    writeFileSync(path.join(repo, 'ignored.txt'), 'changed, but git ignores it\n');
    writeFileSync(path.join(repo, 'notes.md'), 'changed, but .dockerignore lists it\n');
    const third = await run(repo);
    expect(third.exitCode, third.all).toBe(0);
    expect(third.stdout).toContain(`reusing image ${tag}`);
    expect(await builtImageIds(repository)).toEqual(ids);
    // An image that exists before the run has its id up front, so the job-result cache keys on it.
    const stored = await runCli(['run'], { cwd: repo });
    expect(stored.exitCode, stored.all).toBe(0);
    const cached = await runCli(['run'], { cwd: repo });
    expect(cached.stdout, cached.all).toMatch(/PASSED 2 cached/);

    // A file the Dockerfile COPYs: a new tag, a new build.
    writeFileSync(path.join(repo, 'app.txt'), 'app v2\n');
    const fourth = await run(repo);
    expect(fourth.exitCode, fourth.all).toBe(0);
    expect(fourth.stdout).toMatch(/building image /);
    expect(fourth.stdout).not.toContain(`building image ${tag}`);
    expect(jobLines(fourth.stdout, 'a')).toContain('app v2');
    const after = await builtImageIds(repository);
    expect(after).toHaveLength(2);

    const images = await runCli(['images', '--json'], { cwd: repo });
    expect(images.exitCode, images.all).toBe(0);
    const rows = JSON.parse(images.stdout) as Array<{ image: string; tag?: string; id?: string; status: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ image: 'build Dockerfile (target test)', status: 'present' });
    expect(rows[0]!.tag).toMatch(/^localci-build\//);
    expect(after).toContain(rows[0]!.id);

    // prune removes the build of the old app.txt and keeps the current one.
    const pruned = await runCli(['images', 'prune'], { cwd: repo });
    expect(pruned.exitCode, pruned.all).toBe(0);
    expect(pruned.stdout).toContain(`removed ${tag}`);
    expect(await builtImageIds(repository)).toEqual([rows[0]!.id]);
  });

  it("builds with the host's proxy and CA bundle, as jobs run, leaving neither in the image's environment", async () => {
    const caDir = makeTempDir('build-trust');
    const caFile = path.join(caDir, 'proxy-ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nnot a real one\n-----END CERTIFICATE-----\n');
    const dockerfile = `FROM ${BUSYBOX} AS base
RUN echo "stage one ca=$NODE_EXTRA_CA_CERTS $(head -n 1 "$NODE_EXTRA_CA_CERTS")"
FROM base
RUN echo "proxy=$HTTP_PROXY" && grep -q host.docker.internal /etc/hosts && echo "host alias resolves" && echo "stage two ca=$NODE_EXTRA_CA_CERTS $(head -n 1 "$NODE_EXTRA_CA_CERTS")"
`;
    const repo = await createGitRepo(projectFiles(dockerfile, { dockerfile: 'Dockerfile', context: '.', args: {} }), { commit: true });
    // Only this test's bundle and a proxy on the host's loopback (nothing is fetched through it).
    const unset = Object.fromEntries([...TRUST_VARIABLES, ...PROXY_VARIABLES.flatMap((name) => [name, name.toLowerCase()])].map((name) => [name, undefined]));
    const result = await runCli(['run', '--no-cache', 'b'], { cwd: repo, env: { ...unset, NODE_EXTRA_CA_CERTS: caFile, HTTP_PROXY: 'http://127.0.0.1:3128' } });
    for (const match of result.stdout.matchAll(/building image (\S+)/g)) builtTags.add(match[1]!);
    expect(result.exitCode, result.all).toBe(0);
    const lines = jobLines(result.stdout, 'b');
    expect(lines).toContain('proxy=http://host.docker.internal:3128');
    expect(lines).toContain('host alias resolves');
    for (const stage of ['one', 'two']) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^stage ${stage} ca=/etc/localci/ca/[0-9a-f]{12}\\.pem -----BEGIN CERTIFICATE-----$`)));
    const tag = result.stdout.match(/building image (\S+)/)![1]!;
    const { stdout } = await execa('docker', ['image', 'inspect', '--format', '{{json .Config.Env}}', tag]);
    expect(stdout).not.toMatch(/NODE_EXTRA_CA_CERTS|HTTP_PROXY|http_proxy/);
  });

  it('fails the job (exit 1) with the builder message when a RUN fails', async () => {
    const broken = DOCKERFILE.replace('RUN echo deps > /deps.txt', 'RUN echo about to fail && exit 7');
    const repo = await createGitRepo(projectFiles(broken), { commit: true });
    const result = await run(repo);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toMatch(/\[a\]\s+✗ failed \(exit 1\).*image build failed: .*returned a non-zero code: 7/);
    expect(result.stdout).toContain('about to fail');
  });

  it('fails the job with exit 1 for an unknown target or a missing Dockerfile', async () => {
    const repo = await createGitRepo(projectFiles(DOCKERFILE, { ...SPEC, target: 'nosuchstage' }), { commit: true });
    const unknown = await run(repo);
    expect(unknown.exitCode, unknown.all).toBe(1);
    expect(unknown.stdout).toMatch(/image build failed: .*nosuchstage/);

    const missing = await createGitRepo(projectFiles(DOCKERFILE, { ...SPEC, dockerfile: 'docker/Nope.Dockerfile' }), { commit: true });
    const result = await run(missing);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toContain('image build failed: Dockerfile not found: docker/Nope.Dockerfile');
  });
});
