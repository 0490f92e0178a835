/** Discovery, `--from`, `extends` and import warnings through loadPipeline, with a fake format. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPipeline, type LoadOptions } from '../../../../src/config/load.js';
import { ConfigError, UsageError } from '../../../../src/errors.js';
import { json, tempProject } from '../temp-project.js';
import { fakeCalls, fakeImporter } from './fake-importer.js';

const importers = [fakeImporter];
const load = (options: LoadOptions) => loadPipeline({ importers, env: {}, ...options });
const pipelineFile = (jobs: Record<string, unknown>, extra: Record<string, unknown> = {}) => json({ config: { image: 'node:20', jobs }, ...extra });

afterEach(() => {
  fakeCalls.length = 0;
});

describe('importing a CI file', () => {
  it('with no ci.config, reads the nearest importable file, and says where the pipeline came from', async () => {
    const root = tempProject({ 'ci.fake.json': pipelineFile({ test: { steps: ['npm test'] } }, { warn: ['test'] }), 'src/x.ts': '' });
    const loaded = await load({ cwd: path.join(root, 'src') });
    expect(loaded.pipeline.source).toEqual({ kind: 'import', format: 'gitlab', file: path.join(root, 'ci.fake.json'), files: [path.join(root, 'ci.fake.json')] });
    expect(loaded.pipeline.root).toBe(root);
    expect(loaded.pipeline.jobs.map((job) => job.name)).toEqual(['test']);
    // Shown as load errors are: relative when inside the working directory, absolute otherwise.
    expect(loaded.unsupported).toEqual([`${path.join(root, 'ci.fake.json')}: jobs.test: ignored: not supported`]);
    expect((await load({ cwd: root })).unsupported).toEqual(['ci.fake.json: jobs.test: ignored: not supported']);
    expect(loaded.warnings[0]).toBe(loaded.unsupported![0]);
    expect(fakeCalls[0]!.context.root).toBe(root);
  });

  it('prefers a ci.config anywhere up to the boundary over a CI file', async () => {
    const root = tempProject({ 'ci.fake.json': pipelineFile({ a: { steps: ['x'] } }), 'ci.config.json': json({ image: 'node:20', jobs: { own: { steps: ['y'] } } }) });
    const loaded = await load({ cwd: root });
    expect(loaded.pipeline.source.kind).toBe('file');
    expect(fakeCalls).toEqual([]);
  });

  it('prefers a CI file over a pipeline inferred from package.json', async () => {
    const root = tempProject({ 'package.json': json({ name: 'x', scripts: { test: 'vitest' } }), 'ci.fake.json': pipelineFile({ a: { steps: ['x'] } }) });
    expect((await load({ cwd: root })).pipeline.source.kind).toBe('import');
  });

  it('--from names the format and optionally the file; the project is the git root', async () => {
    const root = tempProject({ 'a.fake.json': pipelineFile({ a: { steps: ['x'] } }), 'ci/b.fake.json': pipelineFile({ b: { steps: ['x'] } }) });
    expect((await load({ cwd: root, from: 'gitlab' })).pipeline.jobs[0]!.name).toBe('a');
    const named = await load({ cwd: path.join(root, 'ci'), from: 'gitlab:b.fake.json' });
    expect(named.pipeline.jobs[0]!.name).toBe('b');
    expect(named.pipeline.root).toBe(root);
    await expect(load({ cwd: root, from: 'gitlab:missing.yml' })).rejects.toThrow(/--from gitlab:missing.yml: no such file/);
    await expect(load({ cwd: root, from: 'circle' })).rejects.toThrow(UsageError);
    await expect(load({ cwd: root, from: 'gitlab', configFile: 'ci.config.ts' })).rejects.toThrow(/--from and --config/);
  });

  it('passes --workflow, --include-dir (resolved from cwd) and the git facts to the importer', async () => {
    const root = tempProject({ 'a.fake.json': pipelineFile({ a: { steps: ['x'] } }) });
    await load({ cwd: root, workflow: 'ci', includeDir: 'vendor/includes' });
    expect(fakeCalls[0]!.context).toMatchObject({ workflow: 'ci', includeDir: path.join(root, 'vendor/includes'), env: {} });
    expect(fakeCalls[0]!.context.git).toEqual({});
  });

  it('checks an imported pipeline like any config, naming the imported file', async () => {
    const root = tempProject({ 'a.fake.json': pipelineFile({ a: { needs: ['nope'], steps: ['x'] } }) });
    const error = (await load({ cwd: root }).catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues[0]).toMatchObject({ file: 'a.fake.json', path: 'jobs.a.needs[0]' });
  });
});

describe('extends in a ci.config', () => {
  it('starts from the imported pipeline; own jobs change it key by key and env merges', async () => {
    const root = tempProject({
      'ci.fake.json': json({ config: { image: 'node:20', env: { A: '1', B: '1' }, jobs: { build: { steps: ['make'], timeout: 60 }, test: { needs: ['build'], steps: ['make test'] } } }, warn: ['test'] }),
      'ci.config.json': json({ extends: 'gitlab:ci.fake.json', env: { B: '2' }, jobs: { test: { steps: ['make check'] }, lint: { steps: ['make lint'] } } }),
    });
    const loaded = await load({ cwd: root });
    const byName = Object.fromEntries(loaded.pipeline.jobs.map((job) => [job.name, job]));
    expect(byName.build!.timeoutMs).toBe(60_000);
    expect(byName.test!.steps.map((step) => step.run)).toEqual(['make check']);
    expect(byName.test!.needs).toEqual(['build']);
    expect(byName.lint!.env).toEqual({ A: '1', B: '2' });
    expect(loaded.pipeline.source).toMatchObject({ kind: 'file', files: [path.join(root, 'ci.config.json'), path.join(root, 'ci.fake.json')] });
    expect(loaded.unsupported).toHaveLength(1);
  });

  it('rejects an extends that is not a string or names an unknown format', async () => {
    const bad = tempProject({ 'ci.config.json': json({ extends: 3, jobs: {} }) });
    await expect(load({ cwd: bad })).rejects.toThrow(/extends: expected a string/);
    const unknown = tempProject({ 'ci.config.json': json({ extends: 'travis', jobs: {} }) });
    await expect(load({ cwd: unknown })).rejects.toThrow(/unknown format "travis"/);
  });
});
