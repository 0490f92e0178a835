/** `ci init` detection: project kind, image, jobs and the staging environment, and the rendered config loads. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/config/load.js';
import { goVersion } from '../../../src/config/go-project.js';
import { detectProject, exposedPorts } from '../../../src/init/detect.js';
import { fillTemplate, renderConfig } from '../../../src/init/render.js';
import { json, tempProject } from '../config/temp-project.js';

const nodePackage = (scripts: Record<string, string>) => json({ name: 'demo', engines: { node: '>=20' }, scripts });
const hostMajor = process.versions.node.split('.')[0];

describe('detectProject', () => {
  it('Node with npm: jobs from scripts, the install from the lock file, the image from engines', async () => {
    const root = tempProject({ 'package.json': nodePackage({ build: 'tsc', test: 'vitest run' }), 'package-lock.json': '{}' });
    const detection = await detectProject(root);
    expect(detection.kind).toBe('node');
    expect(detection.image).toBe(`node:${hostMajor}`);
    expect(detection.install).toEqual({ steps: ['npm ci'], inputs: ['package-lock.json', 'package.json'], paths: ['node_modules'], cache: [{ key: 'npm', paths: ['~/.npm'] }] });
    expect(detection.jobs).toEqual([
      { name: 'build', steps: ['npm run build'] },
      { name: 'test', steps: ['npm run test'] },
    ]);
    expect(detection.environment).toBeUndefined();
    expect(detection.findings[0]).toContain('npm (package-lock.json)');
  });

  it.each([
    ['pnpm-lock.yaml', ['corepack enable', 'pnpm install --frozen-lockfile --store-dir ~/.local/share/pnpm/store'], ['corepack enable', 'pnpm run test']],
    ['yarn.lock', ['corepack enable', 'yarn install --frozen-lockfile'], ['corepack enable', 'yarn run test']],
    ['bun.lock', ['bun install --frozen-lockfile'], ['bun run test']],
  ])('Node with %s uses that package manager', async (lock, install, run) => {
    const detection = await detectProject(tempProject({ 'package.json': nodePackage({ test: 'x' }), [lock]: '' }));
    expect(detection.install?.steps).toEqual(install);
    expect(detection.jobs.map((job) => job.steps)).toEqual([run]);
  });

  it('Node without job scripts: an install job only', async () => {
    const detection = await detectProject(tempProject({ 'package.json': nodePackage({ start: 'node .' }) }));
    expect(detection.jobs).toEqual([{ name: 'install', steps: ['npm install'], cache: [{ key: 'npm', paths: ['~/.npm'] }] }]);
  });

  it('a Dockerfile adds staging with the EXPOSEd ports, or 8080, and a smoke step the image can run', async () => {
    const exposing = await detectProject(tempProject({ 'package.json': nodePackage({ test: 'x' }), Dockerfile: 'FROM node:20\nEXPOSE 3000/tcp 9000/udp\n' }));
    expect(exposing.environment).toMatchObject({ name: 'staging', dockerfile: 'Dockerfile', ports: [3000], portGuessed: false });
    expect(exposing.environment?.smoke).toMatch(/^node -e "fetch\(process\.env\.DEPLOY_URL\)/);
    const bare = await detectProject(tempProject({ Dockerfile: 'FROM alpine\n' }));
    expect(bare.kind).toBe('generic');
    expect(bare.environment).toMatchObject({ name: 'staging', dockerfile: 'Dockerfile', ports: [8080], portGuessed: true });
    expect(bare.environment?.smoke).toMatch(/command -v curl.*curl -fsS.*command -v wget.*wget -qO-.*neither curl nor wget/);
  });

  it('Python: a virtualenv (copies, no links into the image) from requirements.txt, else pyproject.toml, as the install layer; pytest installed unless required already', async () => {
    const requirements = await detectProject(tempProject({ 'requirements.txt': 'flask\n' }));
    expect(requirements.install).toEqual({
      steps: ['python -m venv --copies .venv', '.venv/bin/pip install -r requirements.txt', '.venv/bin/pip install pytest'],
      inputs: ['requirements.txt', 'requirements-dev.txt'],
      paths: ['.venv'],
      cache: [{ key: 'pip', paths: ['~/.cache/pip'] }],
    });
    expect(requirements.jobs).toEqual([{ name: 'test', steps: ['.venv/bin/python -m pytest'] }]);
    const pyproject = await detectProject(tempProject({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["pytest"]\n' }));
    expect(pyproject.kind).toBe('python');
    expect(pyproject.image).toBe('python:3.12');
    expect(pyproject.install?.steps).toEqual(['python -m venv --copies .venv', '.venv/bin/pip install -e .']);
    const uv = await detectProject(tempProject({ 'pyproject.toml': '[project]\nname = "x"\n', 'uv.lock': '' }));
    expect(uv.install?.steps).toEqual(['pip install uv', 'python -m venv --copies .venv', 'uv sync --frozen']);
    expect(uv.install?.inputs).toEqual(['uv.lock', 'pyproject.toml']);
  });

  it('Go: the image from the go directive, the module cache as the install layer, build and test jobs sharing the build cache', async () => {
    const detection = await detectProject(tempProject({ 'go.mod': 'module example.com/x\n\ngo 1.22.3\n\nrequire golang.org/x/text v0.14.0\n' }));
    expect(detection.image).toBe('golang:1.22.3');
    expect(detection.install).toEqual({ steps: ['go mod download'], inputs: ['go.mod', 'go.sum'], paths: ['.gomodcache'] });
    expect(detection.env).toEqual({ GOMODCACHE: '/workspace/.gomodcache', GOFLAGS: '-modcacherw' });
    expect(detection.jobs.map((job) => job.steps)).toEqual([['go build ./...'], ['go test ./...']]);
    expect(detection.jobs[0]?.cache).toEqual([{ key: 'go-build', paths: ['~/.cache/go-build'] }]);
    expect(goVersion('module m\ngo 1.21 // toolchain\n')).toBe('1.21');
    expect(goVersion('module m\n')).toBeUndefined();
  });

  it('package.json wins over Python and Go files', async () => {
    expect((await detectProject(tempProject({ 'package.json': nodePackage({ test: 'x' }), 'go.mod': 'go 1.22\n', 'requirements.txt': '' }))).kind).toBe('node');
  });

  it('exposedPorts reads every EXPOSE line', () => {
    expect(exposedPorts('FROM x\nexpose 80\nEXPOSE 443/tcp 80\nEXPOSE 53/udp\n')).toEqual([80, 443]);
  });
});

describe('renderConfig', () => {
  // Each rendered config is TypeScript that jiti compiles: real CPU work, more than 5 s when busy.
  it.each([
    ['node', { 'package.json': nodePackage({ build: 'tsc', lint: "eslint 'src/**'" }), 'package-lock.json': '{}', Dockerfile: 'FROM x\n' }],
    ['python', { 'requirements.txt': 'pytest\n', Dockerfile: 'FROM x\nEXPOSE 5000\n' }],
    ['go', { 'go.mod': 'module m\ngo 1.22\n' }],
    ['generic', {}],
  ])('the %s config loads and validates', { timeout: 30_000 }, async (kind, files) => {
    const root = tempProject(files);
    const detection = await detectProject(root);
    expect(detection.kind).toBe(kind);
    writeFileSync(path.join(root, 'ci.config.ts'), await renderConfig(detection));
    const { pipeline } = await loadPipeline({ cwd: root });
    expect(pipeline.source.kind).toBe('file');
    expect(pipeline.jobs.map((job) => job.name)).toEqual(detection.jobs.map((job) => job.name));
    expect(pipeline.jobs[0]!.steps.map((step) => step.run)).toEqual(detection.jobs[0]!.steps);
    expect(Object.keys(pipeline.environments)).toEqual(detection.environment ? ['staging'] : []);
  });

  it('fillTemplate refuses a placeholder without a value', () => {
    expect(fillTemplate('a {{X}} b', { X: '1' })).toBe('a 1 b');
    expect(() => fillTemplate('{{Y}}', {})).toThrow(/\{\{Y\}\}/);
  });
});
