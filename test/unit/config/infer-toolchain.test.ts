/** Zero config for Python and Go projects: the install layer (virtualenv, module cache) and the jobs. */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/config/load.js';
import { tempProject } from './temp-project.js';

describe('zero config without package.json', () => {
  it('a Python project: a --copies virtualenv installed once per requirements file, pytest in it', async () => {
    const root = tempProject({ 'requirements.txt': 'pytest\n', 'test_a.py': 'def test_a(): pass\n' });
    const { pipeline } = await loadPipeline({ cwd: root });
    expect(pipeline.source).toMatchObject({ kind: 'inferred', file: `${root}/requirements.txt` });
    const install = pipeline.install!;
    expect(install.steps.map((step) => step.run)).toEqual(['python -m venv --copies .venv', '.venv/bin/pip install -r requirements.txt']);
    expect(install.paths).toEqual(['.venv']);
    const test = pipeline.jobs.find((job) => job.name === 'test')!;
    expect(test.steps.map((step) => step.run)).toEqual(['.venv/bin/python -m pytest']);
    expect(test.image).toEqual({ kind: 'name', name: 'python:3.12' });
  });

  it('a Go project: the module cache as the install layer, in the image of the go directive; --image overrides it', async () => {
    const root = tempProject({ 'go.mod': 'module example.com/x\n\ngo 1.22\n' });
    const { pipeline } = await loadPipeline({ cwd: root });
    expect(pipeline.jobs.map((job) => job.name).sort()).toEqual(['build', 'test']);
    const install = pipeline.install!;
    expect(install.steps.map((step) => step.run)).toEqual(['go mod download']);
    expect(install.env).toMatchObject({ GOMODCACHE: '/workspace/.gomodcache' });
    expect(pipeline.jobs.find((job) => job.name === 'test')!.image).toEqual({ kind: 'name', name: 'golang:1.22' });
    const other = await loadPipeline({ cwd: root, image: 'registry.invalid/go:custom' });
    expect(other.pipeline.jobs.find((job) => job.name === 'test')!.image).toMatchObject({ name: 'registry.invalid/go:custom' });
  });
});
