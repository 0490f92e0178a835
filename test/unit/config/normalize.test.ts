/** PipelineConfig → Pipeline: defaults, stages → needs, matrix expansion and substitution. */
import { describe, expect, it } from 'vitest';
import { combinations, expandedName, substitute } from '../../../src/config/matrix.js';
import { defaultStepName, normalize } from '../../../src/config/normalize.js';
import type { JobConfig, PipelineConfig } from '../../../src/config/types.js';

const context = { root: '/project', projectName: 'project', source: { kind: 'file' as const, file: '/project/ci.config.ts' } };
const run = (config: PipelineConfig) => normalize(config, context);
const job = (extra: Partial<JobConfig> = {}): JobConfig => ({ steps: ['true'], ...extra });
const needsOf = (config: PipelineConfig) => Object.fromEntries(run(config).jobs.map((j) => [j.name, j.needs]));

describe('normalize', () => {
  it('fills in every default', () => {
    const pipeline = run({ image: 'node:20', jobs: { a: job() } });
    expect(pipeline).toEqual({
      root: '/project',
      projectName: 'project',
      source: context.source,
      image: { kind: 'name', name: 'node:20' },
      stages: [],
      environments: {},
      prePush: { onDockerMissing: 'refuse', tags: false, eachCommit: false },
      watch: { debounce: 100, keepContainers: true, ignore: [] },
      logMaxBytes: 50 * 1024 * 1024,
      jobs: [
        {
          name: 'a',
          baseName: 'a',
          needs: [],
          image: { kind: 'name', name: 'node:20' },
          steps: [{ name: 'true', run: 'true' }],
          env: {},
          services: [],
          inputs: [],
          artifacts: [],
          cache: [],
          retry: { max: 0, when: ['failure', 'timeout'] },
          allowFailure: false,
          when: 'on-success',
          secrets: [],
          pull: 'if-missing',
          network: { inheritTrust: true, inheritProxy: true },
          pidsLimit: 4096,
        },
      ],
    });
  });

  it('lets the job override pipeline image, env, pull and network', () => {
    const [a] = run({
      image: 'node:20',
      env: { A: '1', B: '1' },
      pull: 'never',
      network: { inheritTrust: false },
      jobs: { a: job({ image: 'alpine:3', env: { B: '2' }, pull: 'always', network: { inheritProxy: false } }) },
    }).jobs;
    expect(a).toMatchObject({
      image: { kind: 'name', name: 'alpine:3' },
      env: { A: '1', B: '2' },
      pull: 'always',
      network: { inheritTrust: false, inheritProxy: false },
    });
  });

  it('converts steps, durations, memory and retry', () => {
    const [a] = run({
      image: 'node:20',
      jobs: {
        a: job({
          steps: ['npm ci', { run: 'npm test', timeout: 90 }, { name: 'lint', run: 'npm run lint', timeout: '1m30s' }],
          timeout: '1h30m',
          memory: '512m',
          retry: 2,
        }),
      },
    }).jobs;
    expect(a?.steps).toEqual([
      { name: 'npm ci', run: 'npm ci' },
      { name: 'npm test', run: 'npm test', timeoutMs: 90_000 },
      { name: 'lint', run: 'npm run lint', timeoutMs: 90_000 },
    ]);
    expect(a).toMatchObject({ timeoutMs: 5_400_000, memoryBytes: 512 * 1024 * 1024, retry: { max: 2, when: ['failure', 'timeout'] } });
    expect(run({ image: 'x:1', jobs: { a: job({ retry: { max: 1, when: ['timeout'] } }) } }).jobs[0]?.retry).toEqual({ max: 1, when: ['timeout'] });
  });

  it('keeps reports, leaving them out when none is named', () => {
    const pipeline = run({ image: 'node:20', jobs: { a: job({ reports: { junit: ['reports/*.xml'], coverage: 'coverage/lcov.info' } }), b: job({ reports: {} }), c: job({ reports: { coverage: 'c.xml' } }) } });
    const [a, b, c] = pipeline.jobs;
    expect(a?.reports).toEqual({ junit: ['reports/*.xml'], coverage: 'coverage/lcov.info' });
    expect(b && 'reports' in b).toBe(false);
    expect(c?.reports).toEqual({ junit: [], coverage: 'c.xml' });
  });

  it('keeps step when/allowFailure, allowed exit codes, the artifacts object and artifactsFrom, leaving defaults out', () => {
    const pipeline = run({
      image: 'node:20',
      jobs: {
        build: job({ matrix: { node: ['18', '20'] } }),
        a: job({
          needs: ['build'],
          steps: ['make', { run: 'make clean', when: 'always', allowFailure: true }, { run: 'x', when: 'on-success', allowFailure: false }],
          allowFailure: { exitCodes: [3] },
          artifacts: { paths: ['dist/'], exclude: ['dist/*.map'], when: 'on-failure' },
          artifactsFrom: ['build'],
        }),
        b: job({ artifacts: { paths: ['out/'], when: 'on-success', exclude: [] }, allowFailure: false }),
      },
    });
    const [a, b] = pipeline.jobs.slice(2);
    expect(a?.steps).toEqual([
      { name: 'make', run: 'make' },
      { name: 'make clean', run: 'make clean', when: 'always', allowFailure: true },
      { name: 'x', run: 'x' },
    ]);
    expect(a).toMatchObject({ allowFailure: true, allowFailureExitCodes: [3], artifacts: ['dist/'], artifactsExclude: ['dist/*.map'], artifactsWhen: 'on-failure' });
    expect(a?.artifactsFrom).toEqual(['build (node=18)', 'build (node=20)']);
    expect(b).toMatchObject({ allowFailure: false, artifacts: ['out/'] });
    expect(b).not.toHaveProperty('artifactsExclude');
    expect(b).not.toHaveProperty('artifactsWhen');
    expect(b).not.toHaveProperty('artifactsFrom');
  });

  it('names a step after the first non-blank line of its command, cut to 60 characters', () => {
    expect(defaultStepName('\n  npm ci  \nnpm test')).toBe('npm ci');
    const long = defaultStepName(`echo ${'x'.repeat(100)}`);
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('turns a Dockerfile image into a build reference with defaults', () => {
    const [a] = run({ jobs: { a: job({ image: { dockerfile: 'Dockerfile', target: 'test' } }) } }).jobs;
    expect(a?.image).toEqual({ kind: 'build', dockerfile: 'Dockerfile', target: 'test', context: '.', args: {} });
  });

  describe('stages', () => {
    it('makes a job need every job of all earlier stages, unless it lists needs', () => {
      expect(
        needsOf({
          image: 'x:1',
          stages: ['build', 'test', 'deploy'],
          jobs: {
            compile: job({ stage: 'build' }),
            assets: job({ stage: 'build' }),
            unit: job({ stage: 'test' }),
            lint: job({ stage: 'test', needs: ['compile'] }),
            release: job({ stage: 'deploy' }),
          },
        }),
      ).toEqual({ compile: [], assets: [], unit: ['compile', 'assets'], lint: ['compile'], release: ['compile', 'assets', 'unit', 'lint'] });
    });

    it('keeps the declared stages and each job stage', () => {
      const pipeline = run({ image: 'x:1', stages: ['a', 'b'], jobs: { j: job({ stage: 'b' }) } });
      expect(pipeline.stages).toEqual(['a', 'b']);
      expect(pipeline.jobs[0]?.stage).toBe('b');
    });
  });

  describe('matrix', () => {
    it('expands the cartesian product, first key slowest, in declaration order', () => {
      expect(combinations({ node: ['18', 20], os: ['linux', 'alpine'] })).toEqual([
        { node: '18', os: 'linux' },
        { node: '18', os: 'alpine' },
        { node: '20', os: 'linux' },
        { node: '20', os: 'alpine' },
      ]);
      expect(expandedName('unit', { node: '18', os: 'linux' })).toBe('unit (node=18, os=linux)');
    });

    it('expands matrix jobs in place, keeping the base name and values', () => {
      const pipeline = run({ image: 'x:1', jobs: { build: job(), unit: job({ matrix: { node: ['18', '20'] } }), lint: job() } });
      expect(pipeline.jobs.map((j) => [j.name, j.baseName, j.matrix])).toEqual([
        ['build', 'build', undefined],
        ['unit (node=18)', 'unit', { node: '18' }],
        ['unit (node=20)', 'unit', { node: '20' }],
        ['lint', 'lint', undefined],
      ]);
    });

    it('substitutes values in image, env, steps, services and cache keys, tolerating whitespace', () => {
      const [first] = run({
        env: { TOP: 'v${{matrix.node}}' },
        jobs: {
          unit: job({
            matrix: { node: ['18'] },
            image: 'node:${{ matrix.node }}-alpine',
            env: { NODE: '${{  matrix.node  }}' },
            steps: ['echo ${{ matrix.node }} ${{matrix.node}}', { name: 'on ${{ matrix.node }}', run: 'true' }],
            services: { db: { image: 'postgres:${{ matrix.node }}', env: { V: '${{ matrix.node }}' } } },
            cache: [{ key: 'npm-${{ matrix.node }}', paths: ['~/.npm'] }],
            inputs: ['${{ matrix.node }}/**'],
          }),
        },
      }).jobs;
      expect(first).toMatchObject({
        image: { kind: 'name', name: 'node:18-alpine' },
        env: { TOP: 'v18', NODE: '18' },
        steps: [
          { name: 'echo 18 18', run: 'echo 18 18' },
          { name: 'on 18', run: 'true' },
        ],
        services: [{ name: 'db', image: { kind: 'name', name: 'postgres:18' }, env: { V: '18' } }],
        cache: [{ key: 'npm-18', paths: ['~/.npm'] }],
        // Globs are not templates.
        inputs: ['${{ matrix.node }}/**'],
      });
      expect(substitute('${{ matrix.x }} ${{ other }}', { x: '1' })).toBe('1 ${{ other }}');
    });

    it('expands needs on a matrix job to all its expansions, and keeps an exact expansion as is', () => {
      expect(
        needsOf({
          image: 'x:1',
          jobs: {
            unit: job({ matrix: { node: ['18', '20'] } }),
            e2e: job({ matrix: { browser: ['a', 'b'] }, needs: ['unit'] }),
            report: job({ needs: ['e2e (browser=b)', 'unit', 'unit (node=18)'] }),
          },
        }),
      ).toEqual({
        'unit (node=18)': [],
        'unit (node=20)': [],
        'e2e (browser=a)': ['unit (node=18)', 'unit (node=20)'],
        'e2e (browser=b)': ['unit (node=18)', 'unit (node=20)'],
        report: ['e2e (browser=b)', 'unit (node=18)', 'unit (node=20)'],
      });
    });

    it('expands stage-derived needs on matrix jobs too', () => {
      expect(
        needsOf({ image: 'x:1', stages: ['a', 'b'], jobs: { m: job({ stage: 'a', matrix: { v: [1, 2] } }), n: job({ stage: 'b' }) } }),
      ).toEqual({ 'm (v=1)': [], 'm (v=2)': [], n: ['m (v=1)', 'm (v=2)'] });
    });

    it('expands pre-push job names like needs', () => {
      const pipeline = run({ image: 'x:1', jobs: { unit: job({ matrix: { v: ['1', '2'] } }), lint: job() }, hooks: { prePush: { jobs: ['unit', 'lint'], tags: true } } });
      expect(pipeline.prePush).toEqual({ onDockerMissing: 'refuse', tags: true, eachCommit: false, jobs: ['unit (v=1)', 'unit (v=2)', 'lint'] });
    });
  });
});
