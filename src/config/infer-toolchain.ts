/**
 * Zero config for a project without package.json: Python (pyproject.toml or requirements.txt)
 * or Go (go.mod), read from the files git gives the jobs. Like a Node project's, the install is
 * the pipeline's shared `install` (a virtualenv, the module cache), a layer under every job.
 */
import path from 'node:path';
import { GO_FILES, goProject } from './go-project.js';
import { ProjectFiles } from './project-files.js';
import { PYTHON_FILES, pythonProject } from './python-project.js';
import type { PipelineConfig } from './types.js';

export interface ToolchainConfig {
  config: PipelineConfig;
  /** The file that decided. */
  file: string;
  kind: 'python' | 'go';
}

/** The pipeline of a Python or Go project at `root`, or undefined when git gives jobs neither. */
export async function inferFromToolchain(root: string, options: { image?: string } = {}): Promise<ToolchainConfig | undefined> {
  const files = await ProjectFiles.open(root, [...PYTHON_FILES, ...GO_FILES]);
  if (files.has('pyproject.toml') || files.has('requirements.txt')) {
    const python = pythonProject(files);
    const config: PipelineConfig = { image: options.image ?? python.image, env: python.env, install: python.install, jobs: { test: { steps: [python.test] } } };
    return { config, file: path.join(root, python.source), kind: 'python' };
  }
  if (files.has('go.mod')) {
    const go = goProject(files);
    const job = (step: string) => ({ steps: [step], cache: go.jobCache });
    const config: PipelineConfig = { image: options.image ?? go.image, env: go.env, install: go.install, jobs: { build: job('go build ./...'), test: job('go test ./...') } };
    return { config, file: path.join(root, 'go.mod'), kind: 'go' };
  }
  return undefined;
}
