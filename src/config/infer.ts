/**
 * Zero config: with no config file, the pipeline is read off package.json and
 * the files git gives the jobs (project-files.ts): the package manager and its
 * install from the lock file, the Node image from the version files, and one
 * job per `build` / `lint` / `typecheck` / `test` script (script-jobs.ts).
 * The install is the pipeline's shared `install`: it runs once per image and
 * lock file, and every job mounts what it filled (node_modules) as a layer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { BUILD_OUTPUT_FILES, guessBuildOutputs } from './build-outputs.js';
import { loadJson, loadYaml } from './data-loaders.js';
import { inferNodeImage, type NodeImage } from './node-image.js';
import { detectPackageManager, PACKAGE_MANAGER_FILES, type PackageManager } from './package-manager.js';
import { ProjectFiles } from './project-files.js';
import { scriptJobs, type ScriptJobs } from './script-jobs.js';
import type { InstallConfig, JobConfig, PipelineConfig } from './types.js';

export interface InferredConfig {
  config: PipelineConfig;
  /** The package.json read. */
  file: string;
  packageName?: string;
  manager: PackageManager;
  node: NodeImage;
  /** Jobs left out because another one runs them. */
  covered: ScriptJobs['covered'];
}

export interface InferOptions {
  /** An image named on the command line (`--image`, LOCALCI_IMAGE) instead of the inferred one. */
  image?: string;
  today?: Date;
  hostMajor?: number;
}

export async function inferFromPackageJson(root: string, options: InferOptions = {}): Promise<InferredConfig> {
  const project = await readNodeProject(root);
  const { pkg, files, manager } = project;
  const scripts = scriptsOf(pkg['scripts']);
  const buildScript = scripts['build'] ?? '';
  const outputs = guessBuildOutputs(files, pkg, buildScript);
  const shaped = scriptJobs(scripts, { hooks: manager.runsHooks, outputs });
  if (shaped.jobs.length === 0) {
    const message = Object.keys(scripts).length === 0 ? 'no scripts to build a pipeline from' : 'no `build`, `lint`, `typecheck` or `test` script to build a pipeline from';
    throw new ConfigError([{ file: project.file, path: 'scripts', message, hint: 'add scripts or create ci.config.ts (ci init)' }]);
  }
  const jobs: Record<string, JobConfig> = {};
  const runCache = manager.install.runCache;
  for (const { name, script } of shaped.jobs) {
    const job: JobConfig = { steps: [...manager.jobSetup, manager.run(script)], ...(runCache.length > 0 ? { cache: runCache } : {}) };
    if (name === 'test' && shaped.testNeedsBuild) job.needs = ['build'];
    if (name === 'build' && shaped.testNeedsBuild) job.artifacts = outputs;
    jobs[name] = job;
  }
  const node = inferNodeImage(files, pkg, options);
  const env = manager.install.env;
  const config: PipelineConfig = { image: options.image ?? node.image, ...(Object.keys(env).length > 0 ? { env } : {}), install: installConfig(manager), jobs };
  const name = pkg['name'];
  return { config, file: project.file, manager, node, covered: shaped.covered, ...(typeof name === 'string' ? { packageName: name } : {}) };
}

/** The package manager's install as the pipeline's shared `install`. */
export function installConfig(manager: PackageManager): InstallConfig {
  const { steps, inputs, paths, cache } = manager.install;
  return { steps, inputs, paths, cache };
}

export interface NodeProject {
  file: string;
  pkg: Record<string, unknown>;
  files: ProjectFiles;
  manager: PackageManager;
  workspaceDirs: string[];
}

/** package.json, the files detection may look at (as git gives them to jobs), and the package manager. */
export async function readNodeProject(root: string): Promise<NodeProject> {
  const file = path.join(root, 'package.json');
  const pkg = loadJson(file, readFileSync(file, 'utf8'));
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    throw new ConfigError([{ file, path: '', message: 'expected package.json to contain an object' }]);
  }
  const record = pkg as Record<string, unknown>;
  const globs = workspaceGlobs(root, record);
  const files = await ProjectFiles.open(root, ['package.json', '.nvmrc', '.node-version', ...PACKAGE_MANAGER_FILES, ...BUILD_OUTPUT_FILES, ...globs.map((glob) => `${glob}/package.json`)]);
  const globsSeen = files.has('pnpm-workspace.yaml') || !globs.fromPnpm ? globs : [];
  const workspaceDirs = files
    .known()
    .filter((name) => name !== 'package.json' && name.endsWith('/package.json') && globsSeen.length > 0)
    .map((name) => name.slice(0, -'/package.json'.length))
    .filter((dir) => !dir.split('/').includes('node_modules'));
  return { file, pkg: record, files, manager: detectPackageManager(files, record, workspaceDirs), workspaceDirs };
}

/** `workspaces` of package.json (an array, or `{ packages }`), else the `packages` of pnpm-workspace.yaml. */
function workspaceGlobs(root: string, pkg: Record<string, unknown>): string[] & { fromPnpm?: boolean } {
  const declared = pkg['workspaces'];
  const list = Array.isArray(declared) ? declared : (declared as { packages?: unknown } | undefined)?.packages;
  const clean = (values: unknown) => (Array.isArray(values) ? values : []).filter((value): value is string => typeof value === 'string' && !value.startsWith('!')).map((value) => value.replace(/^\.\//, '').replace(/\/+$/, ''));
  if (Array.isArray(list)) return clean(list);
  try {
    const yaml = loadYaml(path.join(root, 'pnpm-workspace.yaml'), readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: unknown } | undefined;
    return Object.assign(clean(yaml?.packages), { fromPnpm: true });
  } catch {
    return [];
  }
}

function scriptsOf(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
