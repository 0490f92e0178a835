/** Zero config: jobs, install commands and the Node image read off package.json and lock files. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { inferFromPackageJson } from '../../../src/config/infer.js';
import { imageTagOfVersionFile, inferNodeImage } from '../../../src/config/node-image.js';
import { majorForRange, supportedLts } from '../../../src/config/node-releases.js';
import { detectPackageManager } from '../../../src/config/package-manager.js';
import { ProjectFiles } from '../../../src/config/project-files.js';
import { json, tempProject } from './temp-project.js';

const scripts = { build: 'tsc', lint: 'eslint .', test: 'vitest run', typecheck: 'tsc --noEmit', start: 'node .' };
const hostMajor = Number(process.versions.node.split('.')[0]);
const files = (contents: Record<string, string>) => ProjectFiles.of(tempProject(contents));
const DEC_2026 = new Date('2026-12-02T00:00:00Z');

describe('package manager detection', () => {
  it.each([
    [{ 'package-lock.json': '{}' }, ['npm ci'], 'npm run build', '~/.npm'],
    [{ 'npm-shrinkwrap.json': '{}' }, ['npm ci'], 'npm run build', '~/.npm'],
    [{ 'yarn.lock': '' }, ['corepack enable', 'yarn install --frozen-lockfile'], 'yarn run build', '~/.cache/yarn'],
    [{ 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' }, ['corepack enable', 'yarn install --immutable'], 'yarn run build', '~/.yarn/berry'],
    [{ 'yarn.lock': '__metadata:\n  version: 8\n' }, ['corepack enable', 'yarn install --immutable'], 'yarn run build', '~/.yarn/berry'],
    [{ 'pnpm-lock.yaml': '' }, ['corepack enable', 'pnpm install --frozen-lockfile --store-dir ~/.local/share/pnpm/store'], 'pnpm run build', '~/.local/share/pnpm/store'],
    [{ 'bun.lockb': '' }, ['bun install --frozen-lockfile'], 'bun run build', '~/.bun/install/cache'],
    [{ 'bun.lock': '' }, ['bun install --frozen-lockfile'], 'bun run build', '~/.bun/install/cache'],
    [{}, ['npm install'], 'npm run build', '~/.npm'],
  ])('%j → %j', (contents, steps, run, cache) => {
    const manager = detectPackageManager(files(contents));
    expect(manager.install.steps).toEqual(steps);
    expect(manager.run('build')).toBe(run);
    // Scripts call yarn and pnpm by name (`"test": "pnpm lint && vitest"`): jobs put them on the PATH first.
    expect(manager.jobSetup).toEqual(steps[0] === 'corepack enable' ? ['corepack enable'] : []);
    expect(manager.install.cache[0]!.paths).toEqual([cache]);
  });

  it('keys the install on the lock and manifests, and fills the workspace packages’ node_modules too', () => {
    const manager = detectPackageManager(files({ 'package-lock.json': '{}', '.npmrc': 'x=1' }), {}, ['packages/a']);
    expect(manager.install.inputs).toEqual(['package-lock.json', '.npmrc', 'package.json', 'packages/a/package.json']);
    expect(manager.install.paths).toEqual(['node_modules', 'packages/a/node_modules']);
  });

  it('only counts the files git gives the jobs: an ignored lock file is no lock file', () => {
    const root = tempProject({ 'pnpm-lock.yaml': '', 'package-lock.json': '{}' });
    expect(detectPackageManager(ProjectFiles.of(root, ['package-lock.json'])).name).toBe('npm');
    expect(detectPackageManager(ProjectFiles.of(root, [])).install.steps).toEqual(['npm install']);
  });
});

describe('inferFromPackageJson', () => {
  it('makes lint, typecheck and test jobs from the scripts; vitest tests do not wait for the build', async () => {
    const root = tempProject({ 'package.json': json({ name: '@acme/web', scripts, engines: { node: '>=20.5' }, main: 'dist/index.js' }), 'package-lock.json': '{}' });
    const inferred = await inferFromPackageJson(root, { hostMajor: 20, today: DEC_2026 });
    expect(inferred.config).toEqual({
      image: 'node:20',
      // Installed once, shared by every job as a layer; the jobs only run their script.
      install: { steps: ['npm ci'], inputs: ['package-lock.json', 'package.json'], paths: ['node_modules'], cache: [{ key: 'npm', paths: ['~/.npm'] }] },
      jobs: {
        build: { steps: ['npm run build'] },
        lint: { steps: ['npm run lint'] },
        typecheck: { steps: ['npm run typecheck'] },
        test: { steps: ['npm run test'] },
      },
    });
    expect(inferred.packageName).toBe('@acme/web');
  });

  it('a test that runs the build output waits for build and gets the tool’s outDir as artifacts', async () => {
    const root = tempProject({
      'package.json': json({ scripts: { build: 'tsc -p tsconfig.build.json', test: 'node --test out/' } }),
      'tsconfig.build.json': '{\n  // emitted JS\n  "compilerOptions": { "outDir": "./out", },\n}\n',
    });
    const { config } = await inferFromPackageJson(root);
    expect(config.jobs['build']?.artifacts).toEqual(['out/']);
    expect(config.jobs['test']?.needs).toEqual(['build']);
  });

  it('no job repeats what another runs: a test script that lints and type-checks is the one job', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { lint: 'eslint .', typecheck: 'tsc --noEmit', test: 'npm run lint && tsc --noEmit && vitest run' } }) });
    const inferred = await inferFromPackageJson(root);
    expect(Object.keys(inferred.config.jobs)).toEqual(['test']);
    expect(inferred.covered).toEqual([{ job: 'lint', by: 'test' }, { job: 'typecheck', by: 'test' }]);
  });

  it('npm runs pretest: a build there makes the build job redundant', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { build: 'tsc', pretest: 'npm run build', test: 'node --test' } }), 'package-lock.json': '{}' });
    expect(Object.keys((await inferFromPackageJson(root)).config.jobs)).toEqual(['test']);
  });

  it('uses the package manager of the lock file, with its download cache and corepack settings', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { 'type-check': 'tsc --noEmit' } }), 'pnpm-lock.yaml': '' });
    const { config } = await inferFromPackageJson(root);
    expect(config.env).toEqual({ COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' });
    expect(config.install?.steps).toEqual(['corepack enable', 'pnpm install --frozen-lockfile --store-dir ~/.local/share/pnpm/store']);
    expect(config.install?.cache?.map((cache) => cache.key)).toEqual(['pnpm-store', 'corepack']);
    // corepack's copy of pnpm is all a job needs besides the layer.
    expect(config.jobs['typecheck']).toEqual({ steps: ['corepack enable', 'pnpm run type-check'], cache: [{ key: 'corepack', paths: ['~/.cache/node/corepack'] }] });
  });

  it('an image given on the command line replaces the inferred one', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { test: 'x' }, engines: { node: '>=18' } }) });
    expect((await inferFromPackageJson(root, { image: 'node:22-alpine' })).config.image).toBe('node:22-alpine');
  });

  it('leaves out npm init’s failing default test script', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { build: 'tsc', test: 'echo "Error: no test specified" && exit 1' } }) });
    expect(Object.keys((await inferFromPackageJson(root)).config.jobs)).toEqual(['build']);
  });

  it('refuses a package.json without scripts, pointing at ci init', async () => {
    const root = tempProject({ 'package.json': json({ name: 'x' }) });
    const error = await inferFromPackageJson(root).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]).toMatchObject({ path: 'scripts', message: 'no scripts to build a pipeline from', hint: 'add scripts or create ci.config.ts (ci init)' });
  });

  it('refuses scripts that make no job', async () => {
    const root = tempProject({ 'package.json': json({ scripts: { start: 'node .' } }) });
    await expect(inferFromPackageJson(root)).rejects.toThrow(/no `build`, `lint`, `typecheck` or `test` script/);
  });
});

describe('Node image inference', () => {
  const options = { today: DEC_2026, hostMajor: 20 };

  it.each([
    ['>=20.5', 'node:20'],
    ['>=18', 'node:20'],
    ['>=6', 'node:20'],
    ['>= 22', 'node:26'],
    ['^22 || ^24', 'node:24'],
    ['22.x', 'node:22'],
    ['^21', 'node:21'],
    ['>=6 <8', 'node:6'],
  ])('engines.node %s → %s (host 20, December 2026): the host’s major when allowed, else the newest LTS, never the lowest', (range, image) => {
    expect(inferNodeImage(files({}), { engines: { node: range } }, options)).toEqual({ image, from: 'engines' });
  });

  it('reads .nvmrc, then .node-version, then volta, then engines, then the host', () => {
    const pkg = { volta: { node: '22.1.0' }, engines: { node: '>=18' } };
    expect(inferNodeImage(files({ '.nvmrc': 'v18.19.1\n', '.node-version': '22' }), pkg, options)).toEqual({ image: 'node:18', from: '.nvmrc' });
    expect(inferNodeImage(files({ '.node-version': '24.1.0' }), pkg, options)).toEqual({ image: 'node:24', from: '.node-version' });
    expect(inferNodeImage(files({}), pkg, options)).toEqual({ image: 'node:22', from: 'volta' });
    expect(inferNodeImage(files({}), { engines: { node: 'not a range' } })).toEqual({ image: `node:${hostMajor}`, from: 'host' });
  });

  it('an ignored .nvmrc does not count', () => {
    const root = tempProject({ '.nvmrc': '18\n' });
    expect(inferNodeImage(ProjectFiles.of(root, []), undefined, options)).toEqual({ image: 'node:20', from: 'host' });
  });

  it('knows the release schedule: supported LTS lines and a host that fits', () => {
    expect(supportedLts(DEC_2026)).toEqual([26, 24, 22]);
    expect(supportedLts(new Date('2024-06-01T00:00:00Z'))).toEqual([20, 18]);
    expect(majorForRange('>=24', { today: DEC_2026, hostMajor: 23 })).toBe(26);
    expect(majorForRange('nonsense', { today: DEC_2026, hostMajor: 20 })).toBeUndefined();
  });

  it.each([
    ['v20.11.1', '20'],
    ['20', '20'],
    ['  v18\n', '18'],
    ['lts/*', 'lts'],
    ['lts/iron', '20'],
    ['lts/hydrogen', '18'],
    ['node', 'current'],
    ['# comment\n22.3', '22'],
    ['>=18', '20'],
    ['garbage', undefined],
    ['', undefined],
  ])('version file %j → tag %s', (content, tag) => {
    expect(imageTagOfVersionFile(content, options)).toBe(tag);
  });
});
