/** loadPipeline end to end: TS configs through jiti, error locations, warnings, paths in messages. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { json, tempProject } from './temp-project.js';

const failure = async (cwd: string, configFile?: string): Promise<ConfigError> => {
  const error = await loadPipeline({ cwd, ...(configFile ? { configFile } : {}) }).catch((caught: unknown) => caught);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
};

// Compiling a TypeScript config (jiti) is real CPU work: a busy machine needs more than 5 s.
const COMPILES = { timeout: 30_000 };

describe('loadPipeline', () => {
  it('loads a TypeScript config importing defineConfig from localci in a project that does not install it', COMPILES, async () => {
    const root = tempProject({
      'package.json': json({ name: 'monorepo', private: true }),
      'packages/web/package.json': json({ name: '@acme/Web App!' }),
      'packages/web/ci.config.ts': [
        "import { defineConfig, type JobConfig } from 'localci';",
        "const test: JobConfig = { needs: ['build'], steps: ['npm test'] };",
        "export default defineConfig({ image: 'node:20', jobs: { build: { steps: ['npm run build'] }, test } });",
      ].join('\n'),
      'packages/web/src/index.ts': '',
    });
    const { pipeline, warnings } = await loadPipeline({ cwd: path.join(root, 'packages/web/src') });
    expect(warnings).toEqual([]);
    expect(pipeline.source).toEqual({ kind: 'file', file: path.join(root, 'packages/web/ci.config.ts') });
    // A found config's folder is the project, so a monorepo package tests itself.
    expect(pipeline.root).toBe(path.join(root, 'packages/web'));
    expect(pipeline.projectName).toBe('web-app');
    expect(pipeline.jobs.map((job) => [job.name, job.needs])).toEqual([
      ['build', []],
      ['test', ['build']],
    ]);
  });

  it('with --config, the project is the git root around the working directory, else the working directory', async () => {
    const outside = tempProject({ 'conf/ci.config.json': json({ image: 'node:20', jobs: { a: { steps: ['x'] } } }), 'My Project/x': '' }, { git: false });
    const loaded = await loadPipeline({ cwd: path.join(outside, 'My Project'), configFile: '../conf/ci.config.json' });
    expect(loaded.pipeline.root).toBe(path.join(outside, 'My Project'));
    expect(loaded.pipeline.projectName).toBe('my-project');
    const repo = tempProject({ 'conf/ci.config.json': json({ image: 'node:20', jobs: { a: { steps: ['x'] } } }), 'sub/x': '' });
    expect((await loadPipeline({ cwd: path.join(repo, 'sub'), configFile: '../conf/ci.config.json' })).pipeline.root).toBe(repo);
  });

  it('gives a TS syntax error as one line with the position, without a stack', async () => {
    const root = tempProject({ 'ci.config.ts': "export default {\n  jobs: {\n    a: { steps: ['x' },\n  },\n};\n" });
    const error = await failure(root);
    expect(error.message).toBe('ci.config.ts: syntax error at 3:21: Unexpected token, expected ",".');
  });

  it('reports an error thrown by the config and a missing import', async () => {
    const throwing = tempProject({ 'ci.config.ts': "const x = 1;\nthrow new Error('no token set');\nexport default {};\n" });
    expect((await failure(throwing)).message).toMatch(/^ci\.config\.ts: the config threw an error at 2:\d+: no token set\.$/);
    const importing = tempProject({ 'ci.config.mjs': "import jobs from './jobs.mjs';\nexport default { jobs };\n" });
    const error = await failure(importing);
    expect(error.message).toContain("ci.config.mjs: Cannot find module './jobs.mjs'");
    expect(error.issues[0]?.hint).toBe('Install the package, or fix the import path.');
  });

  it('awaits a config exported as a promise', async () => {
    const root = tempProject({ 'ci.config.mts': "export default Promise.resolve({ image: 'node:20', jobs: { a: { steps: ['x'] } } });\n" });
    expect((await loadPipeline({ cwd: root })).pipeline.jobs[0]?.name).toBe('a');
  });

  it('sees an edited config on the next load (watch mode)', async () => {
    const root = tempProject({ 'ci.config.ts': "export default { image: 'node:20', jobs: { a: { steps: ['one'] } } };\n" });
    expect((await loadPipeline({ cwd: root })).pipeline.jobs[0]?.steps[0]?.run).toBe('one');
    writeFileSync(path.join(root, 'ci.config.ts'), "export default { image: 'node:20', jobs: { a: { steps: ['two'] } } };\n");
    expect((await loadPipeline({ cwd: root })).pipeline.jobs[0]?.steps[0]?.run).toBe('two');
  });

  it('warns about mutable image tags where they are written', async () => {
    const root = tempProject({
      'ci.config.json': json({
        image: 'node',
        jobs: {
          a: { steps: ['x'], image: 'postgres:latest', services: { cache: { image: 'redis' } } },
          b: { steps: ['x'], image: `alpine@sha256:${'0'.repeat(64)}` },
          c: { steps: ['x'], image: 'node:${{ matrix.v }}', matrix: { v: ['20'] } },
          d: { steps: ['x'] },
        },
      }),
    });
    expect((await loadPipeline({ cwd: root })).warnings).toEqual([
      'image: `node` uses a mutable tag; pin a version for reproducible runs',
      'jobs.a.image: `postgres:latest` uses a mutable tag; pin a version for reproducible runs',
      'jobs.a.services.cache.image: `redis` uses a mutable tag; pin a version for reproducible runs',
    ]);
  });

  it('names files relative to the working directory when inside it, absolute otherwise', async () => {
    const root = tempProject({ 'conf/ci.config.json': json({ jobs: {} }), 'elsewhere/x': '' });
    expect((await failure(root, 'conf/ci.config.json')).message).toBe('conf/ci.config.json: jobs: no jobs defined. Add at least one job, such as `jobs: { test: { steps: [\'npm test\'] } }`.');
    const outside = await failure(path.join(root, 'elsewhere'), '../conf/ci.config.json');
    expect(outside.issues[0]?.file).toBe(path.join(root, 'conf/ci.config.json'));
  });

  it('prefixes key paths with `ci` for the "ci" key of package.json', async () => {
    const root = tempProject({ 'package.json': json({ name: 'x', ci: { jobs: { a: { steps: [] } } } }) });
    expect((await failure(root)).message).toContain('package.json: ci.jobs.a.steps: a job needs at least one step.');
  });

  it('gives the same pipeline when the schema verdict comes from the cache', async () => {
    const config = { image: 'node:20', stages: ['a', 'b'], jobs: { x: { stage: 'a', steps: ['x'], matrix: { v: [1, 2] } }, y: { stage: 'b', steps: ['${{ matrix.v }}'], matrix: { v: ['3'] } } } };
    const root = tempProject({ 'ci.config.json': json(config) });
    const first = await loadPipeline({ cwd: root });
    const second = await loadPipeline({ cwd: root });
    expect(second).toEqual(first);
  });

  it('never lets the cache hide an error: values JSON cannot represent are always validated', async () => {
    const root = tempProject({ 'ci.config.mjs': "export default { image: 'node:20', jobs: { a: { steps: ['x'], env: { A: () => 'x' } } } };\n" });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await failure(root)).message).toBe('ci.config.mjs: jobs.a.env.A: expected a string, got function.');
    }
  });

  it('reports cross-reference problems of a valid-looking config together', async () => {
    const root = tempProject({ 'ci.config.yaml': 'jobs:\n  a:\n    needs: [b]\n    steps: [x]\n  b:\n    needs: [a, c]\n    steps: [x]\n' });
    expect((await failure(root)).issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'jobs.a.image: no image for this job.',
      'jobs.b.needs[1]: `c` is not a job.',
      'jobs.b.image: no image for this job.',
      'jobs.a.needs: cycle a → b → a.',
    ]);
  });
});
