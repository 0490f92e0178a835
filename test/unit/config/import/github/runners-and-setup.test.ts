/** Real workflows' runner matrices and setup actions, through the whole load path. */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../../../src/config/load.js';
import { releasedMajors, supportedLts } from '../../../../../src/config/node-releases.js';
import { tempProject } from '../../temp-project.js';

const load = (text: string, env: Record<string, string> = {}, files: Record<string, string> = {}) => loadPipeline({ cwd: tempProject({ '.github/workflows/ci.yml': text, ...files }), env });
const images = (loaded: Awaited<ReturnType<typeof load>>) => loaded.pipeline.jobs.map((job) => [job.name, job.image.kind === 'name' ? job.image.name : '']);

// Each test loads whole pipelines (schema and checks included); a busy machine needs more than 5 s.
const SLOW = { timeout: 30_000 };

const OS_MATRIX = `on: push
jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, macos-latest, windows-latest]
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm test
  after:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo done
`;

describe('runs-on matrices with macOS and Windows legs', SLOW, () => {
  it('lists those legs as not runnable locally, with why, even when setup-node chose an image', async () => {
    const loaded = await load(OS_MATRIX);
    expect(images(loaded)).toEqual([['test (ubuntu-latest)', 'node:20'], ['after', 'node:20']]);
    expect(loaded.pipeline.jobs[1]!.needs).toEqual(['test (ubuntu-latest)']);
    expect(loaded.unavailable).toEqual([
      { name: 'test (macos-latest)', reason: 'runs on macos-latest, which has no container image; only Linux jobs run locally (or map macos-latest to an image)' },
      { name: 'test (windows-latest)', reason: 'runs on windows-latest, which has no container image; only Linux jobs run locally (or map windows-latest to an image)' },
    ]);
    expect(loaded.unsupported?.join('\n')).toMatch(/jobs\.test\.runs-on: skipped: macos-latest legs are listed as not runnable locally/);
  });

  it('runs a leg whose label the user maps to an image', async () => {
    const loaded = await load(OS_MATRIX.replace('node-version: 20', 'node-version: ${{ matrix.os == \'ubuntu-latest\' && 20 || 22 }}'), { LOCALCI_IMAGES: 'macos-*=debian:12' });
    expect(images(loaded)).toEqual([['test (ubuntu-latest)', 'node:20'], ['test (macos-latest)', 'node:22'], ['after', 'node:20']]);
    expect(loaded.unavailable?.map((job) => job.name)).toEqual(['test (windows-latest)']);
    const plain = await load('on: push\njobs:\n  mac:\n    runs-on: macos-14\n    steps:\n      - run: sw_vers || true\n', { LOCALCI_IMAGES: 'macos-*=debian:12' });
    expect(images(plain)).toEqual([['mac', 'debian:12']]);
  });
});

describe('setup actions', SLOW, () => {
  it('puts every setup-node version of a matrix in node:<major>, lts/* and latest included', async () => {
    const loaded = await load(`on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22.x, 'lts/*', latest, lts/iron]
    steps:
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: \${{ matrix.node }}
      - run: node --version
`);
    const today = new Date();
    expect(images(loaded).map(([, image]) => image)).toEqual(['node:20', 'node:22', `node:${supportedLts(today)[0]}`, `node:${releasedMajors(today)[0]!.major}`, 'node:20']);
  });

  it('keeps one image when several setup actions choose one, setup-node first, and says what is not used', async () => {
    const loaded = await load(`on: push
jobs:
  mixed:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - uses: actions/setup-go@v5
        with:
          go-version: 1.22.x
      - run: make
`);
    expect(images(loaded)).toEqual([['mixed', 'node:22']]);
    const warnings = loaded.unsupported!.join('\n');
    expect(warnings).toContain('jobs.mixed.steps[1].uses: approximated: the job runs in one image, node:22 (actions/setup-node); python:3.12 of actions/setup-python is not used, so node:22 must have that tool');
    expect(warnings).toContain('jobs.mixed.steps[2].uses: approximated: the job runs in one image, node:22 (actions/setup-node); golang:1.22 of actions/setup-go is not used');
  });
});

const INSTALLING = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ matrix.node }}
          cache: npm
      - run: npm ci --no-audit
      - run: npm test
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: echo lint
`;
const NPM_PROJECT = { 'package.json': '{ "name": "p", "version": "1.0.0" }', 'package-lock.json': '{ "name": "p", "lockfileVersion": 3, "packages": {} }' };

describe("setup-node's cache and the install layer", SLOW, () => {
  it("turns the plain install step after setup-node's cache: into the install layer; jobs without one do without it", async () => {
    const loaded = await load(INSTALLING, {}, NPM_PROJECT);
    expect(loaded.pipeline.install?.steps.map((step) => step.run)).toEqual(['npm ci']);
    expect(loaded.pipeline.install?.inputs).toContain('package-lock.json');
    const test = loaded.pipeline.jobs.find((job) => job.name === 'test (20)')!;
    expect(test.steps.map((step) => step.name)).toEqual(['npm test']);
    expect(test.install).toBeUndefined();
    expect(test.cache).toEqual([]);
    expect(loaded.pipeline.jobs.find((job) => job.name === 'lint')!.install).toBe(false);
    expect(loaded.unsupported?.join('\n')).toContain("jobs.test.steps[2]: approximated: `npm ci --no-audit` runs in localci's install layer (`npm ci`), once per image and lock file");
  });

  it('leaves the steps as written when the lock file says another package manager, or the step is not a plain install', async () => {
    const pnpm = await load(INSTALLING.replace('cache: npm', 'cache: pnpm').replace('npm ci --no-audit', 'pnpm install'), {}, NPM_PROJECT);
    expect(pnpm.pipeline.install).toBeUndefined();
    expect(pnpm.pipeline.jobs[0]!.steps.map((step) => step.name)).toEqual(['pnpm install', 'npm test']);
    const guarded = await load(INSTALLING.replace('- run: npm ci --no-audit', "- if: github.event_name == 'push'\n        run: npm ci"), {}, NPM_PROJECT);
    expect(guarded.pipeline.install).toBeUndefined();
    expect(guarded.pipeline.jobs[0]!.steps).toHaveLength(2);
  });
});

describe('setup actions of other toolchains', SLOW, () => {
  it('choose an image for the tool and leave a step that says what the image lacks when another setup action won', async () => {
    const loaded = await load(`on: push
jobs:
  bun:
    runs-on: ubuntu-latest
    steps:
      - uses: oven-sh/setup-bun@v2
        with:
          bun-version: 1.1.x
      - run: bun test
  deno:
    runs-on: ubuntu-latest
    steps:
      - uses: denoland/setup-deno@v2
      - run: deno test
  both:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: denoland/setup-deno@v2
        with:
          deno-version: v2.x
      - uses: pnpm/action-setup@v4
        with:
          run_install: true
`);
    expect(images(loaded)).toEqual([['bun', 'oven/bun:1.1'], ['deno', 'denoland/deno:latest'], ['both', 'node:20']]);
    const both = loaded.pipeline.jobs[2]!;
    expect(both.steps.map((step) => step.name)).toEqual(['Run denoland/setup-deno@v2', 'Run pnpm/action-setup@v4']);
    expect(both.steps[0]!.run).toContain("denoland/setup-deno: deno is not in this job");
    expect(both.steps[1]!.run).toMatch(/corepack enable pnpm && pnpm install/);
    expect(loaded.unsupported?.join('\n')).toContain('jobs.both.steps[1].uses: approximated: the job runs in one image, node:20 (actions/setup-node); denoland/deno:2 of denoland/setup-deno is not used');
  });
});
