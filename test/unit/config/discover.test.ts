/** Where the config is looked for: the search places in order, nearest folder first, never above the git root. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSearchBoundary } from '../../../src/config/boundary.js';
import { SEARCH_PLACES } from '../../../src/config/discover.js';
import { loadPipeline } from '../../../src/config/load.js';
import { ConfigError, UsageError } from '../../../src/errors.js';
import { json, tempProject, writeFiles } from './temp-project.js';

/** A config whose single job's step names the file it came from. */
function configFor(place: string): string {
  const config = { image: 'node:20', jobs: { from: { steps: [`echo ${place}`] } } };
  if (place === 'package.json') return json({ name: 'x', ci: config });
  if (/\.(ts|mts|js|mjs)$/.test(place)) return `export default ${JSON.stringify(config)};\n`;
  if (place.endsWith('.json')) return json(config);
  return `image: node:20\njobs:\n  from:\n    steps: ['echo ${place}']\n`;
}

const stepOf = async (cwd: string, configFile?: string) => (await loadPipeline({ cwd, ...(configFile ? { configFile } : {}) })).pipeline.jobs[0]?.steps[0]?.run;

const originalHome = process.env['HOME'];
afterEach(() => {
  process.env['HOME'] = originalHome;
});

describe('config discovery', () => {
  it('checks the search places in order', async () => {
    expect(SEARCH_PLACES).toEqual([
      'ci.config.ts', 'ci.config.mts', 'ci.config.js', 'ci.config.mjs', 'ci.config.json', 'ci.config.yaml', 'ci.config.yml',
      '.circ', '.circ.json', '.circ.yaml', '.circ.yml', 'package.json',
    ]);
    const root = tempProject(Object.fromEntries(SEARCH_PLACES.map((place) => [place, configFor(place)])));
    for (const place of SEARCH_PLACES) {
      const loaded = await loadPipeline({ cwd: root });
      expect(loaded.pipeline.source).toEqual({ kind: place === 'package.json' ? 'package.json' : 'file', file: path.join(root, place) });
      expect(loaded.pipeline.jobs[0]?.steps[0]?.run).toBe(`echo ${place}`);
      rmSync(path.join(root, place));
    }
  });

  it('prefers the nearest folder, searching upwards from the working directory', async () => {
    const root = tempProject({ 'ci.config.ts': configFor('ci.config.ts'), 'packages/web/.circ.yml': configFor('.circ.yml'), 'packages/web/src/a.txt': '' });
    expect(await stepOf(path.join(root, 'packages/web/src'))).toBe('echo .circ.yml');
    expect(await stepOf(path.join(root, 'packages'))).toBe('echo ci.config.ts');
  });

  it('skips a package.json without a "ci" key and keeps going up', async () => {
    const root = tempProject({ 'ci.config.json': configFor('ci.config.json'), 'app/package.json': json({ name: 'app', scripts: { test: 'x' } }) });
    expect(await stepOf(path.join(root, 'app'))).toBe('echo ci.config.json');
  });

  it('stops at the git root: a config above it is never used', async () => {
    const outer = tempProject({ 'ci.config.json': configFor('ci.config.json') }, { git: false });
    const repo = path.join(outer, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(repo, 'sub'));
    const error = await loadPipeline({ cwd: path.join(repo, 'sub') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('no pipeline config found in this directory or its parents up to the git root');
    expect((error as ConfigError).message).toContain('ci.config.ts, ci.config.mts');
  });

  it('treats a .git file (worktree, submodule) as a git root too', async () => {
    const outer = tempProject({ 'ci.config.json': configFor('ci.config.json'), 'wt/.git': 'gitdir: /elsewhere\n', 'wt/package.json': json({ scripts: { test: 'x' } }) }, { git: false });
    expect(findSearchBoundary(path.join(outer, 'wt'))).toEqual({ gitRoot: path.join(outer, 'wt'), stopDir: path.join(outer, 'wt') });
    expect((await loadPipeline({ cwd: path.join(outer, 'wt') })).pipeline.source.kind).toBe('inferred');
  });

  it('outside git, searches up to the home folder, or the filesystem root outside home', async () => {
    const home = tempProject({ 'ci.config.json': configFor('ci.config.json'), 'work/project/x.txt': '' }, { git: false });
    process.env['HOME'] = home;
    expect(findSearchBoundary(path.join(home, 'work/project'))).toEqual({ stopDir: home });
    expect(await stepOf(path.join(home, 'work/project'))).toBe('echo ci.config.json');
    process.env['HOME'] = path.join(home, 'work/project');
    expect(findSearchBoundary(home)).toEqual({ stopDir: path.parse(home).root });
  });

  describe('--config', () => {
    it('loads the given file directly, relative to the working directory', async () => {
      const root = tempProject({ 'ci.config.ts': configFor('ci.config.ts'), 'other/pipeline.yaml': configFor('pipeline.yaml') });
      expect(await stepOf(root, 'other/pipeline.yaml')).toBe('echo pipeline.yaml');
      expect(await stepOf(path.join(root, 'other'), path.join(root, 'ci.config.ts'))).toBe('echo ci.config.ts');
    });

    it('is a usage error with a hint when the file does not exist, is a folder or has an unknown type', async () => {
      const root = tempProject({ 'ci.toml': '' });
      mkdirSync(path.join(root, 'dir'));
      for (const [file, message] of [
        ['missing.ts', 'Config file not found: missing.ts'],
        ['dir', 'is a directory'],
        ['ci.toml', 'Unsupported config file type: ci.toml'],
      ] as const) {
        const error = await loadPipeline({ cwd: root, configFile: file }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UsageError);
        expect((error as UsageError).message).toContain(message);
        expect((error as UsageError).hint).toBeTruthy();
        expect((error as UsageError).exitCode).toBe(2);
      }
    });

    it('reports a package.json without a "ci" key', async () => {
      const root = tempProject({ 'package.json': json({ name: 'x' }) });
      await expect(loadPipeline({ cwd: root, configFile: 'package.json' })).rejects.toThrow('package.json: ci: package.json has no `ci` key.');
    });
  });

  it('reports an empty config file instead of skipping it', async () => {
    const root = tempProject({ 'ci.config.ts': '  \n', 'package.json': json({ scripts: { test: 'x' } }) });
    await expect(loadPipeline({ cwd: root })).rejects.toThrow('ci.config.ts: the file is empty.');
  });

  it('--from package.json infers the jobs of the scripts even where a workflow would be imported', async () => {
    const workflow = 'on: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n';
    const root = tempProject({ 'package.json': json({ name: 'lib', scripts: { test: 'vitest run' }, engines: { node: '20.x' } }), 'package-lock.json': '{}', '.github/workflows/ci.yml': workflow });
    expect((await loadPipeline({ cwd: root, env: {} })).pipeline.source.kind).toBe('import');
    const { pipeline } = await loadPipeline({ cwd: root, from: 'package.json', env: {} });
    expect(pipeline.source).toEqual({ kind: 'inferred', file: path.join(root, 'package.json') });
    expect(pipeline.jobs.map((job) => [job.name, job.steps.map((step) => step.run)])).toEqual([['test', ['npm run test']]]);
    await expect(loadPipeline({ cwd: root, from: 'package.json', configFile: 'ci.config.ts' })).rejects.toThrow(UsageError);
  });

  it('infers the pipeline from the package.json at the git root when there is no config', async () => {
    const root = tempProject({ 'package.json': json({ name: '@acme/shop', scripts: { test: 'vitest run' }, engines: { node: '20.x' } }), 'yarn.lock': '', 'src/x.ts': '' });
    const { pipeline, warnings } = await loadPipeline({ cwd: path.join(root, 'src') });
    expect(warnings).toEqual([]);
    expect(pipeline.source).toEqual({ kind: 'inferred', file: path.join(root, 'package.json') });
    expect(pipeline.root).toBe(root);
    expect(pipeline.projectName).toBe('shop');
    expect(pipeline.jobs.map((job) => [job.name, job.image, job.steps.map((step) => step.run)])).toEqual([
      ['test', { kind: 'name', name: 'node:20' }, ['corepack enable', 'yarn run test']],
    ]);
    expect(pipeline.install?.steps.map((step) => step.run)).toEqual(['corepack enable', 'yarn install --frozen-lockfile']);
  });

  it('infers from the nearest package.json below the git root (a monorepo package)', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { test: 'x' } }), 'packages/api/package.json': json({ name: 'api', scripts: { lint: 'eslint .' } }), 'packages/api/src/x.ts': '' });
    const { pipeline } = await loadPipeline({ cwd: path.join(root, 'packages/api/src') });
    expect(pipeline.root).toBe(path.join(root, 'packages/api'));
    expect(pipeline.jobs.map((job) => job.name)).toEqual(['lint']);
  });

  it('without a config or package.json, names the folder and lists the file names', async () => {
    const root = tempProject({});
    writeFiles(root, { 'README.md': '' });
    const error = (await loadPipeline({ cwd: root }).catch((caught: unknown) => caught)) as ConfigError;
    expect(error.issues).toEqual([
      {
        file: root,
        path: '',
        message: 'no pipeline config found in this directory or its parents up to the git root.',
        hint: `Create ci.config.ts (\`ci init\`), or add a package.json with scripts (or a pyproject.toml, requirements.txt or go.mod that git tracks). Looked for: ${SEARCH_PLACES.join(', ')} ("ci" key).`,
      },
    ]);
    writeFileSync(path.join(root, 'package.json'), json({ name: 'x' }));
    await expect(loadPipeline({ cwd: root })).rejects.toThrow('package.json: scripts: no scripts to build a pipeline from. Add scripts or create ci.config.ts (ci init).');
  });
});
