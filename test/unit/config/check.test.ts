/** Cross-reference checks: needs, cycles, stages, hooks, images, matrix placeholders. */
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/config/check.js';
import { formatKeyPath } from '../../../src/config/key-path.js';
import type { JobConfig, PipelineConfig } from '../../../src/config/types.js';

interface Found {
  path: string;
  message: string;
  hint?: string;
}

function check(config: Omit<PipelineConfig, 'image'> & { image?: PipelineConfig['image'] }): { issues: Found[]; warnings: string[] } {
  const issues: Found[] = [];
  const withImage: PipelineConfig = { image: 'node:20', ...config };
  const { warnings } = checkConfig(withImage, (path, message, hint) => issues.push({ path: formatKeyPath(path), message, ...(hint ? { hint } : {}) }));
  return { issues, warnings: warnings.map((w) => `${formatKeyPath(w.path)}: ${w.message}`) };
}

const job = (extra: Partial<JobConfig> = {}): JobConfig => ({ steps: ['true'], ...extra });

describe('checkConfig', () => {
  it('accepts a valid graph', () => {
    expect(check({ jobs: { build: job(), unit: job({ needs: ['build'] }), deploy: job({ needs: ['unit', 'build'] }) } }).issues).toEqual([]);
  });

  it('reports a need naming a missing job with a suggestion', () => {
    const { issues } = check({ jobs: { build: job(), test: job({ needs: ['build', 'biuld'] }) } });
    expect(issues).toEqual([{ path: 'jobs.test.needs[1]', message: '`biuld` is not a job', hint: 'did you mean `build`?' }]);
  });

  it('lists the jobs when no name is close', () => {
    expect(check({ jobs: { build: job(), test: job({ needs: ['deploy'] }) } }).issues[0]?.hint).toBe('jobs: build, test');
  });

  it('reports a job needing itself, by base or expanded name', () => {
    const { issues } = check({ jobs: { a: job({ needs: ['a'] }), m: job({ matrix: { v: ['1'] }, needs: ['m (v=1)'] }) } });
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['jobs.a.needs[0]', 'a job cannot need itself'],
      ['jobs.m.needs[0]', 'a job cannot need itself'],
    ]);
  });

  it('reports cycles with their path, each independent cycle once', () => {
    const { issues } = check({
      jobs: {
        a: job({ needs: ['b'] }),
        b: job({ needs: ['a'] }),
        c: job({ needs: ['e'] }),
        d: job({ needs: ['c'] }),
        e: job({ needs: ['d'] }),
        f: job({ needs: ['a'] }),
      },
    });
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['jobs.a.needs: cycle a → b → a', 'jobs.c.needs: cycle c → e → d → c']);
  });

  it('finds cycles that go through stage order', () => {
    const { issues } = check({ stages: ['build', 'test'], jobs: { build: job({ stage: 'build', needs: ['unit'] }), unit: job({ stage: 'test' }) } });
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['jobs.build.needs: cycle build → unit → build']);
  });

  it('finds cycles between matrix jobs', () => {
    const { issues } = check({ jobs: { a: job({ matrix: { v: ['1', '2'] }, needs: ['b'] }), b: job({ needs: ['a (v=2)'] }) } });
    expect(issues.map((issue) => issue.message)).toEqual(['cycle a → b → a']);
  });

  it('accepts needs naming a matrix job by base name or by one expansion', () => {
    const { issues } = check({ jobs: { unit: job({ matrix: { node: ['18', 20] } }), a: job({ needs: ['unit'] }), b: job({ needs: ['unit (node=20)'] }) } });
    expect(issues).toEqual([]);
  });

  describe('stages', () => {
    it('reports a stage that is not declared, with a suggestion', () => {
      const { issues } = check({ stages: ['build', 'test'], jobs: { a: job({ stage: 'tset' }) } });
      expect(issues).toEqual([{ path: 'jobs.a.stage', message: '`tset` is not a declared stage', hint: 'did you mean `test`?' }]);
    });

    it('reports a stage when no stages are declared', () => {
      expect(check({ jobs: { a: job({ stage: 'test' }) } }).issues[0]).toMatchObject({ path: 'jobs.a.stage', message: '`test` is not a declared stage' });
    });

    it('requires a stage (or needs) on every job once stages are declared', () => {
      const { issues } = check({ stages: ['build', 'test'], jobs: { a: job({ stage: 'build' }), b: job(), c: job({ needs: ['a'] }) } });
      expect(issues).toEqual([
        { path: 'jobs.b.stage', message: 'required when `stages` is set', hint: "add `stage: 'build'` (one of: build, test), or list the job's `needs`" },
      ]);
    });

    it('reports duplicate stages', () => {
      const { issues } = check({ stages: ['build', 'test', 'build'], jobs: { a: job({ stage: 'build' }) } });
      expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['stages[2]: duplicate stage `build`']);
    });
  });

  it('requires an image on the job or at the top level', () => {
    const { issues } = check({ image: undefined, jobs: { a: job(), b: job({ image: 'alpine:3' }) } });
    expect(issues).toEqual([{ path: 'jobs.a.image', message: 'no image for this job', hint: 'set `image` at the top level or on the job' }]);
  });

  it('reports pre-push jobs that do not exist, accepting base and expanded names', () => {
    const { issues } = check({ jobs: { lint: job(), unit: job({ matrix: { v: ['1'] } }) }, hooks: { prePush: { jobs: ['unit', 'unit (v=1)', 'lnit'] } } });
    expect(issues).toEqual([{ path: 'hooks.prePush.jobs[2]', message: '`lnit` is not a job', hint: 'did you mean `lint`?' }]);
  });

  it('warns about an undeclared environment only when environments are declared', () => {
    expect(check({ jobs: { deploy: job({ environment: 'staging' }) } }).warnings).toEqual([]);
    expect(check({ environments: { prod: {} }, jobs: { deploy: job({ environment: 'staging' }) } }).warnings).toEqual([
      'jobs.deploy.environment: `staging` is not declared in `environments`',
    ]);
  });

  describe('matrix', () => {
    it('reports placeholders naming unknown keys or unsupported expressions', () => {
      const { issues } = check({
        jobs: {
          unit: job({ matrix: { node: ['18'] }, steps: ['echo ${{ matrix.nod }}', 'echo ${{matrix.node}}'], env: { SHA: '${{ github.sha }}' } }),
          plain: job({ steps: ['echo ${{ matrix.node }}'] }),
        },
      });
      expect(issues).toEqual([
        { path: 'jobs.unit.env.SHA', message: '`${{ github.sha }}` is not supported', hint: 'only `${{ matrix.<key> }}` is replaced' },
        { path: 'jobs.unit.steps[0]', message: "`matrix.nod` is not a key of the job's matrix", hint: 'did you mean `matrix.node`?' },
        { path: 'jobs.plain.steps[0]', message: "`matrix.node` is not a key of the job's matrix", hint: 'add `matrix: { node: [...] }` to the job' },
      ]);
    });

    it('reports a top-level template used by a job without that matrix key where it is written', () => {
      const { issues } = check({ image: 'node:${{ matrix.node }}', jobs: { unit: job({ matrix: { node: ['20'] } }), lint: job() } });
      expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(["image: `matrix.node` is not a key of the job's matrix (in job `lint`)"]);
    });

    it('checks image names after substitution', () => {
      const { issues } = check({ jobs: { unit: job({ matrix: { node: ['20', 'Latest'] }, image: 'node${{ matrix.node }}' }) } });
      expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['jobs.unit.image: `nodeLatest` must be lowercase in `unit (node=Latest)`']);
    });

    it('refuses a matrix that expands to too many jobs', () => {
      const values = Array.from({ length: 10 }, (_, i) => i);
      const { issues } = check({ jobs: { big: job({ matrix: { a: values, b: values, c: values } }) } });
      expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['jobs.big.matrix: expands to 1000 jobs; the limit is 256']);
    });

    it('reports a job whose name collides with a matrix expansion', () => {
      const { issues } = check({ jobs: { unit: job({ matrix: { v: ['1'] } }), 'unit (v=1)': job() } });
      expect(issues.map((issue) => issue.path)).toEqual(['jobs["unit (v=1)"]']);
    });
  });
});
