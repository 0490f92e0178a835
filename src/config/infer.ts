/**
 * Zero config: with no config file, the pipeline is read off package.json.
 * Each job runs in its own container from a fresh copy of the sources, so
 * each one starts with the install; `test` needs `build` when there is one,
 * because tests often run against the build output (passed as artifacts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { guessBuildOutputs } from './build-outputs.js';
import { loadJson } from './data-loaders.js';
import { inferNodeImage } from './node-image.js';
import { detectPackageManager } from './package-manager.js';
import type { JobConfig, PipelineConfig } from './types.js';

/** What `npm init` writes; running it would only ever fail. */
const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';

/** The scripts that become jobs, in the order the jobs are listed. */
const JOB_SCRIPTS = ['build', 'lint', 'typecheck', 'test'] as const;

export interface InferredConfig {
  config: PipelineConfig;
  /** The package.json read. */
  file: string;
  packageName?: string;
}

export function inferFromPackageJson(root: string): InferredConfig {
  const file = path.join(root, 'package.json');
  const pkg = loadJson(file, readFileSync(file, 'utf8'));
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    throw new ConfigError([{ file, path: '', message: 'expected package.json to contain an object' }]);
  }
  const record = pkg as Record<string, unknown>;
  const scripts = scriptsOf(record['scripts']);
  const present = JOB_SCRIPTS.filter((name) => scripts[name] !== undefined && !(name === 'test' && scripts[name]!.trim() === NPM_DEFAULT_TEST));
  if (present.length === 0) {
    const message = Object.keys(scripts).length === 0 ? 'no scripts to build a pipeline from' : 'no `build`, `lint`, `typecheck` or `test` script to build a pipeline from';
    throw new ConfigError([{ file, path: 'scripts', message, hint: 'add scripts or create ci.config.ts (ci init)' }]);
  }
  const manager = detectPackageManager(root);
  const jobs: Record<string, JobConfig> = {};
  for (const name of present) {
    const job: JobConfig = { steps: [manager.install, manager.run(name)] };
    if (name === 'test' && present.includes('build')) job.needs = ['build'];
    if (name === 'build') {
      const outputs = guessBuildOutputs(root, record);
      if (outputs.length > 0) job.artifacts = outputs;
    }
    jobs[name] = job;
  }
  const engines = record['engines'] as Record<string, unknown> | undefined;
  const config: PipelineConfig = { image: inferNodeImage(root, engines?.['node']).image, jobs };
  const name = record['name'];
  return { config, file, ...(typeof name === 'string' ? { packageName: name } : {}) };
}

function scriptsOf(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
