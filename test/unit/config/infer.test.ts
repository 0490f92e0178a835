/** Zero config: jobs, install commands and the Node image read off package.json and lock files. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { inferFromPackageJson } from '../../../src/config/infer.js';
import { imageTagOfVersionFile, inferNodeImage } from '../../../src/config/node-image.js';
import { detectPackageManager } from '../../../src/config/package-manager.js';
import { json, tempProject } from './temp-project.js';

const scripts = { build: 'tsc', lint: 'eslint .', test: 'vitest run', typecheck: 'tsc --noEmit', start: 'node .' };
const hostMajor = process.versions.node.split('.')[0];

describe('package manager detection', () => {
  it.each([
    [{ 'package-lock.json': '{}' }, 'npm ci', 'npm run build'],
    [{ 'npm-shrinkwrap.json': '{}' }, 'npm ci', 'npm run build'],
    [{ 'yarn.lock': '' }, 'corepack enable && yarn install --frozen-lockfile', 'yarn build'],
    [{ 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' }, 'corepack enable && yarn install --immutable', 'yarn build'],
    [{ 'pnpm-lock.yaml': '' }, 'corepack enable && pnpm install --frozen-lockfile', 'pnpm run build'],
    [{ 'bun.lockb': '' }, 'bun install --frozen-lockfile', 'bun run build'],
    [{ 'bun.lock': '' }, 'bun install --frozen-lockfile', 'bun run build'],
    [{}, 'npm install', 'npm run build'],
  ])('%j → %s', (files, install, run) => {
    const manager = detectPackageManager(tempProject(files));
    expect(manager.install).toBe(install);
    expect(manager.run('build')).toBe(run);
  });
});

describe('inferFromPackageJson', () => {
  it('makes build, lint, typecheck and test jobs, each starting with the install, test needing build', () => {
    const root = tempProject({ 'package.json': json({ name: '@acme/web', scripts, engines: { node: '>=20.5' }, main: 'dist/index.js' }), 'package-lock.json': '{}' });
    const inferred = inferFromPackageJson(root);
    expect(inferred.config).toEqual({
      image: 'node:20',
      jobs: {
        build: { steps: ['npm ci', 'npm run build'], artifacts: ['dist/'] },
        lint: { steps: ['npm ci', 'npm run lint'] },
        typecheck: { steps: ['npm ci', 'npm run typecheck'] },
        test: { steps: ['npm ci', 'npm run test'], needs: ['build'] },
      },
    });
    expect(inferred.packageName).toBe('@acme/web');
  });

  it('uses the package manager of the lock file', () => {
    const root = tempProject({ 'package.json': json({ scripts: { test: 'jest' } }), 'pnpm-lock.yaml': '' });
    expect(inferFromPackageJson(root).config.jobs).toEqual({ test: { steps: ['corepack enable && pnpm install --frozen-lockfile', 'pnpm run test'] } });
  });

  it('leaves out npm init’s failing default test script', () => {
    const root = tempProject({ 'package.json': json({ scripts: { build: 'tsc', test: 'echo "Error: no test specified" && exit 1' } }) });
    expect(Object.keys(inferFromPackageJson(root).config.jobs)).toEqual(['build']);
  });

  it('finds build outputs from package fields and .gitignore', () => {
    const root = tempProject({ 'package.json': json({ scripts: { build: 'x' }, exports: { '.': { import: './esm/index.js' } }, files: ['lib', 'README.md'] }), '.gitignore': 'node_modules\n/build/\n# out\nsrc/generated\n' });
    expect(inferFromPackageJson(root).config.jobs['build']?.artifacts).toEqual(['esm/', 'lib/', 'build/']);
  });

  it('refuses a package.json without scripts, pointing at ci init', () => {
    const root = tempProject({ 'package.json': json({ name: 'x' }) });
    expect(() => inferFromPackageJson(root)).toThrow(ConfigError);
    try {
      inferFromPackageJson(root);
    } catch (error) {
      expect((error as ConfigError).issues[0]).toMatchObject({ path: 'scripts', message: 'no scripts to build a pipeline from', hint: 'add scripts or create ci.config.ts (ci init)' });
    }
  });

  it('refuses scripts that make no job', () => {
    const root = tempProject({ 'package.json': json({ scripts: { start: 'node .' } }) });
    expect(() => inferFromPackageJson(root)).toThrow(/no `build`, `lint`, `typecheck` or `test` script/);
  });
});

describe('Node image inference', () => {
  it.each([
    ['>=20.5', 'node:20'],
    ['^18.17.0 || >=20', 'node:18'],
    ['22.x', 'node:22'],
    ['20', 'node:20'],
  ])('engines.node %s → %s', (range, image) => {
    expect(inferNodeImage(tempProject({}), range)).toEqual({ image, from: 'engines' });
  });

  it('falls back to .nvmrc, then .node-version, then the running Node', () => {
    expect(inferNodeImage(tempProject({ '.nvmrc': 'v18.19.1\n', '.node-version': '22' }), undefined)).toEqual({ image: 'node:18', from: '.nvmrc' });
    expect(inferNodeImage(tempProject({ '.node-version': '22.1.0' }), 'not a range')).toEqual({ image: 'node:22', from: '.node-version' });
    expect(inferNodeImage(tempProject({}), undefined)).toEqual({ image: `node:${hostMajor}`, from: 'host' });
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
    ['garbage', undefined],
    ['', undefined],
  ])('version file %j → tag %s', (content, tag) => {
    expect(imageTagOfVersionFile(content)).toBe(tag);
  });
});
