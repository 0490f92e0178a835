/** Workflow files → pipelines, through the whole load path (importer, schema, checks, image map). */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../../../src/config/load.js';
import { ConfigError, NoPipelineError } from '../../../../../src/errors.js';
import { supportedLts } from '../../../../../src/config/node-releases.js';
import { tempProject } from '../../temp-project.js';

const load = (files: Record<string, string>, env: Record<string, string> = {}, workflow?: string) => {
  const root = tempProject(files);
  return loadPipeline({ cwd: root, env, ...(workflow === undefined ? {} : { workflow }) });
};
const ci = (text: string) => ({ '.github/workflows/ci.yml': text });
const jobOf = async (text: string, name: string, env: Record<string, string> = {}) => {
  const loaded = await load(ci(text), env);
  const job = loaded.pipeline.jobs.find((candidate) => candidate.name === name);
  if (job === undefined) throw new Error(`no job ${name} in ${loaded.pipeline.jobs.map((candidate) => candidate.name).join(', ')}`);
  return job;
};

// Each test loads whole pipelines (schema and checks included); a busy machine needs more than 5 s.
const SLOW = { timeout: 30_000 };

describe('runs-on, container and setup actions choose the image', SLOW, () => {
  it('maps runner labels through the documented default, which the user map overrides', async () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n';
    expect((await jobOf(text, 'a')).image).toMatchObject({ kind: 'name', name: 'node:20', mappedFrom: 'ubuntu-latest' });
    expect((await jobOf(text, 'a', { LOCALCI_IMAGES: 'ubuntu-*=debian:12' })).image).toMatchObject({ name: 'debian:12' });
    const loaded = await load(ci(text));
    expect(loaded.warnings.join('\n')).not.toMatch(/mutable tag/);
  });

  it('gives each matrix leg the Node image of its setup-node version, SHA-pinned or not', async () => {
    const loaded = await load(ci(`on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node-version: [18.x, 22, 'lts/*']
    steps:
      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a # v4
        with:
          node-version: \${{ matrix.node-version }}
          cache: npm
      - run: npm test
`));
    expect(loaded.pipeline.jobs.map((job) => [job.name, job.image.kind === 'name' ? job.image.name : '']).sort()).toEqual([
      ['test (18.x)', 'node:18'],
      ['test (22)', 'node:22'],
      ['test (lts/*)', `node:${supportedLts(new Date())[0]}`],
    ]);
    expect(loaded.pipeline.jobs[0]!.cache).toEqual([{ key: 'npm-{{ hashFiles("**/package-lock.json") }}', paths: ['~/.npm'] }]);
  });

  it('reads node-version-file, and a container wins over runs-on', async () => {
    const files = { ...ci('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version-file: .nvmrc\n      - run: x\n  b:\n    runs-on: ubuntu-latest\n    container: alpine:3.20\n    steps:\n      - run: x\n'), '.nvmrc': 'v22.3.0\n' };
    const loaded = await load(files);
    expect(loaded.pipeline.jobs.map((job) => (job.image.kind === 'name' ? job.image.name : ''))).toEqual(['node:22', 'alpine:3.20']);
  });

});

describe('jobs', SLOW, () => {
  it('decides if: from the local run (push on the current branch), and drops what needs a dropped job', async () => {
    const loaded = await load(ci(`on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  deploy:
    if: github.event_name == 'release'
    needs: build
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  notify:
    if: always()
    needs: [build, deploy]
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  cleanup:
    if: failure()
    needs: build
    runs-on: ubuntu-latest
    steps: [{ run: x }]
`));
    const jobs = Object.fromEntries(loaded.pipeline.jobs.map((job) => [job.name, job]));
    expect(Object.keys(jobs)).toEqual(['build', 'notify', 'cleanup']);
    expect(jobs.notify).toMatchObject({ needs: ['build'], when: 'always' });
    expect(jobs.cleanup!.when).toBe('on-failure');
  });

  it('needs every leg of a matrix job; env, timeout, continue-on-error, secrets, services', async () => {
    const loaded = await load(ci(`on: push
env:
  LEVEL: workflow
  SHARED: workflow
jobs:
  unit:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: [1, 2]
    steps: [{ run: x }]
  e2e:
    needs: unit
    runs-on: ubuntu-latest
    timeout-minutes: 7
    continue-on-error: true
    env:
      SHARED: job
      TOKEN: \${{ secrets.API_TOKEN }}
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: pw
        ports: ['5432:5432']
        options: --health-cmd "pg_isready -U postgres" --health-interval 2s --shm-size 1g
    steps:
      - run: echo "$TOKEN"
`));
    const e2e = loaded.pipeline.jobs.find((job) => job.name === 'e2e')!;
    expect(e2e.needs).toEqual(['unit (1)', 'unit (2)']);
    expect(e2e.env).toMatchObject({ LEVEL: 'workflow', SHARED: 'job', GITHUB_JOB: 'e2e', CI: 'true' });
    expect(e2e.env.TOKEN).toBeUndefined();
    expect(e2e.secrets).toEqual(['API_TOKEN']);
    expect(e2e.steps[0]!.run).toContain('export TOKEN="${API_TOKEN-}"');
    expect(e2e.timeoutMs).toBe(7 * 60_000);
    expect(e2e.allowFailure).toBe(true);
    expect(e2e.services).toEqual([{ name: 'db', image: { kind: 'name', name: 'postgres:16' }, env: { POSTGRES_PASSWORD: 'pw' }, ports: [5432], healthcheck: 'pg_isready -U postgres' }]);
    expect(loaded.unsupported?.join('\n')).toMatch(/services\.db\.options: approximated: only --health-cmd/);
  });

  it('upload-artifact becomes artifacts; actions/cache a dependency cache with hashFiles kept for the run', async () => {
    const job = await jobOf(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
        with:
          path: |
            ~/.cache/thing
          key: thing-\${{ runner.os }}-\${{ hashFiles('**/lock.txt') }}
      - run: make
      - uses: actions/upload-artifact@v4
        with:
          name: dist
          path: dist/
`, 'a');
    expect(job.cache).toEqual([{ key: 'thing-Linux-{{ hashFiles("**/lock.txt") }}', paths: ['~/.cache/thing'] }]);
    expect(job.artifacts).toEqual(['dist/']);
  });

  it('pnpm/action-setup enables pnpm through corepack, as a step in its place', async () => {
    const job = await jobOf('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pnpm/action-setup@a7487c7e89a18df4991f7f222e4898a00d66ddda # v4\n        with:\n          version: 9.1.0\n      - run: pnpm test\n', 'a');
    expect(job.steps.map((step) => step.name)).toEqual(['Run pnpm/action-setup@a7487c7e89a18df4991f7f222e4898a00d66ddda', 'pnpm test']);
    expect(job.steps[0]!.run).toContain('corepack enable pnpm && corepack prepare pnpm@9.1.0 --activate');
    expect(job.cache).toEqual([{ key: 'corepack', paths: ['~/.cache/node/corepack'] }]);
  });
});

describe('workflows and warnings', SLOW, () => {
  it('runs the workflows a push triggers, prefixing job names when there are several', async () => {
    const files = {
      '.github/workflows/ci.yml': 'on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{ run: x }]\n',
      '.github/workflows/lint.yml': 'on:\n  push:\n    branches: [main]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: [{ run: x }]\n',
      '.github/workflows/nightly.yml': "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps: [{ run: x }]\n",
    };
    const loaded = await load(files);
    expect(loaded.pipeline.jobs.map((job) => job.name)).toEqual(['ci / a', 'lint / b']);
    expect(loaded.unsupported?.join('\n')).toMatch(/nightly\.yml: on: skipped: not triggered by push/);
    expect((await load(files, {}, 'nightly')).pipeline.jobs.map((job) => job.name)).toEqual(['c']);
    expect((await load(files, { LOCALCI_GITHUB_EVENT: 'schedule' })).pipeline.jobs.map((job) => job.name)).toEqual(['c']);
  });

  it('has no pipeline (not an error) when no workflow is triggered, and decides branch filters for the ref it is given', async () => {
    const root = tempProject({
      '.github/workflows/lint.yml': 'on:\n  push:\n    branches: [main]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: [{ run: x }]\n',
      '.github/workflows/nightly.yml': "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps: [{ run: x }]\n",
    });
    const nothing = loadPipeline({ cwd: root, env: {}, ref: { branch: 'feature' } });
    await expect(nothing).rejects.toThrow(NoPipelineError);
    await expect(nothing).rejects.toThrow('No pipeline for a push event to feature: no workflow is triggered by it');
    const main = await loadPipeline({ cwd: root, env: {}, ref: { branch: 'main' } });
    expect(main.pipeline.jobs.map((job) => job.name)).toEqual(['b']);
  });

  it('warns once per key it ignores or approximates', async () => {
    const loaded = await load(ci(`on: push
jobs:
  t:
    runs-on: ubuntu-latest
    environment: production
    strategy:
      max-parallel: 1
      matrix:
        n: [1, 2]
    steps:
      - uses: codecov/codecov-action@v5
      - run: x
        bogus: 1
`));
    const lines = loaded.unsupported ?? [];
    expect(lines.filter((line) => line.includes('codecov/codecov-action@v5'))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/jobs\.t\.strategy\.max-parallel: ignored/);
    expect(lines.join('\n')).toMatch(/jobs\.t\.strategy\.fail-fast: approximated/);
    expect(lines.join('\n')).toMatch(/jobs\.t\.steps\[1\]\.bogus: ignored/);
  });

  it('a docker:// step runs in a container of that image, mapped like every image', async () => {
    const loaded = await load(ci(`on: push
jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - uses: docker://some/image:1
        with: { args: hello }
`));
    const [step] = loaded.pipeline.jobs[0]!.steps;
    expect(step!.container).toEqual({ image: { kind: 'name', name: 'some/image:1' } });
    expect(step!.run).toContain("printf '%s\\0' 'hello' > \"$_gr/args\"");
    expect(loaded.unsupported ?? []).toEqual([]);
  });

  it('bad input is one exit-2 issue naming file and key path', async () => {
    const fail = async (text: string) => {
      const error = await load(ci(text)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    };
    expect(await fail("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: github.ref ==\n    steps: [{ run: x }]\n")).toMatch(/ci\.yml: jobs\.a: the expression ends too early/);
    expect(await fail('on: push\njobs:\n  a:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps: [{ run: x }]\n')).toMatch(/jobs\.a\.needs: no job "nope"/);
    expect(await fail('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        n: []\n    steps: [{ run: x }]\n')).toMatch(/jobs\.a\.strategy\.matrix\.n: a matrix vector needs at least one value/);
    expect(await fail('on: push\njobs: [\n')).toMatch(/ci\.yml: line \d+: is not valid YAML/);
    expect(await fail('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        shell: fish\n')).toMatch(/steps\[0\]\.shell: unknown shell "fish"/);
  });

  it('a local reusable workflow becomes its jobs, named caller / job, with inputs and the caller\'s needs', async () => {
    const loaded = await load({
      '.github/workflows/ci.yml': `on: push
jobs:
  prep:
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  build:
    needs: prep
    uses: ./.github/workflows/build.yml
    with:
      target: linux-\${{ github.event_name }}
    secrets: inherit
  after:
    needs: build
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  elsewhere:
    uses: octo/repo/ci/x.yml@v1
`,
      '.github/workflows/build.yml': `on:
  workflow_call:
    inputs:
      target: { type: string, default: none }
      level: { type: number, default: 2 }
jobs:
  compile:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ inputs.target }} \${{ inputs.level }}"
  package:
    needs: compile
    runs-on: ubuntu-latest
    steps: [{ run: x }]
`,
    });
    const jobs = Object.fromEntries(loaded.pipeline.jobs.map((job) => [job.name, job]));
    expect(Object.keys(jobs)).toEqual(['prep', 'build / compile', 'build / package', 'after']);
    expect(jobs['build / compile']!.needs).toEqual(['prep']);
    expect(jobs['build / package']!.needs).toEqual(['build / compile']);
    expect(jobs.after!.needs).toEqual(['build / compile', 'build / package']);
    expect(jobs['build / compile']!.steps[0]!.run).toContain("'linux-push'' ''2'");
    expect(loaded.unsupported?.join('\n')).toMatch(/jobs\.elsewhere\.uses: skipped: octo\/repo\/ci\/x\.yml@v1 is not a workflow of this repository \(.+\) or of another one/);
  });

  it('a matrix of calls calls the workflow once per leg; the called workflow\'s outputs reach later jobs', async () => {
    const loaded = await load({
      '.github/workflows/ci.yml': `on: push
jobs:
  build:
    strategy:
      matrix:
        os: [linux, bsd]
    uses: ./.github/workflows/build.yml
    with:
      target: \${{ matrix.os }}
  after:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.build.outputs.artifact }}|\${{ needs.build.outputs.missing }}"
`,
      '.github/workflows/build.yml': `on:
  workflow_call:
    inputs:
      target: { type: string }
    outputs:
      artifact:
        value: app-\${{ jobs.compile.outputs.file }}
jobs:
  compile:
    runs-on: ubuntu-latest
    outputs:
      file: \${{ steps.c.outputs.file }}
    steps:
      - id: c
        run: echo "file=\${{ inputs.target }}.bin" >> "$GITHUB_OUTPUT"
`,
    });
    const jobs = Object.fromEntries(loaded.pipeline.jobs.map((job) => [job.name, job]));
    expect(Object.keys(jobs)).toEqual(['build (linux) / compile', 'build (bsd) / compile', 'after']);
    expect(jobs['build (bsd) / compile']!.steps[0]!.run).toContain("file=''bsd''.bin");
    expect(jobs['build (bsd) / compile']!.artifacts).toEqual(['.localci-github/outputs/build.1.compile']);
    expect(jobs.after!.needs).toEqual(['build (linux) / compile', 'build (bsd) / compile']);
    // The last leg's outputs, as on GitHub some leg's are; an output the workflow does not declare is empty.
    expect(jobs.after!.steps[0]!.run).toContain(`'app-'"$(_gget '/workspace/.localci-github/outputs/build.1.compile' 'file')"'|'''`);
    expect((loaded.unsupported ?? []).join('\n')).not.toMatch(/ci\.yml/);
  });
});
