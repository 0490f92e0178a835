/** Loads the pipeline for a command. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { LoadOptions } from '../config/load.js';
import type { LoadedPipeline, Pipeline } from '../model/pipeline.js';
import { imagesRule } from '../config/images/image-map-sources.js';
import { describeSource } from './commands/describe.js';
import type { GlobalOptions } from './global-options.js';
import { stderrColors } from './terminal.js';

export function commandCwd(options: GlobalOptions): string {
  const dir = path.resolve(options.cwd ?? process.cwd());
  // Otherwise a typo in --cwd reads as "no pipeline config found" in a folder that does not exist.
  if (options.cwd !== undefined && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cwd ${options.cwd}: no such directory.`, 'Give a folder that exists; a relative path is resolved from the current directory.');
  }
  return dir;
}

/** Where and how to look for the pipeline, from the global options. */
export function loadOptions(options: GlobalOptions): LoadOptions {
  return {
    cwd: commandCwd(options),
    ...(options.config === undefined ? {} : { configFile: options.config }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
    ...(options.event === undefined ? {} : { event: options.event }),
    ...(options.includeDir === undefined ? {} : { includeDir: options.includeDir }),
    ...runOverrides(options),
  };
}

/** `--image` (else LOCALCI_IMAGE) and `--env KEY=VALUE` as loadPipeline takes them. */
export function runOverrides(options: Pick<GlobalOptions, 'image' | 'env'>, environment: NodeJS.ProcessEnv = process.env): Pick<LoadOptions, 'image' | 'jobEnv'> {
  const image = options.image ?? (environment['LOCALCI_IMAGE']?.trim() || undefined);
  if (image !== undefined && (image.trim() === '' || /\s/.test(image.trim()))) {
    throw new UsageError(`${options.image !== undefined ? '--image' : 'LOCALCI_IMAGE'}: "${image}" is not an image name.`, 'Give a name such as node:22 or ghcr.io/acme/ci:1.4.');
  }
  const env: Record<string, string> = {};
  for (const pair of options.env ?? []) {
    const at = pair.indexOf('=');
    const key = at === -1 ? pair : pair.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new UsageError(`--env ${pair}: "${key}" is not a variable name.`, 'Write --env KEY=VALUE, or --env KEY to pass on the value KEY has here.');
    }
    const value = at === -1 ? environment[key] : pair.slice(at + 1);
    if (value === undefined) throw new UsageError(`--env ${key}: ${key} is not set in this shell, so there is no value to pass on.`, `Write --env ${key}=VALUE.`);
    env[key] = value;
  }
  return { ...(image === undefined ? {} : { image: image.trim() }), ...(Object.keys(env).length > 0 ? { jobEnv: env } : {}) };
}

/**
 * `showWarnings`: the inspecting commands (list, config) print the loader's
 * remarks; running commands stay quiet, since a warning on every run stops being read.
 * They do say which file an imported pipeline came from, and how many of its keys
 * localci handles differently, in one line on stderr.
 */
export async function loadForCommand(options: GlobalOptions, showWarnings = false): Promise<LoadedPipeline> {
  const { loadPipeline } = await import('../config/load.js');
  const loaded = await loadPipeline(loadOptions(options));
  if (options.image !== undefined) checkImageFlagUsed(options.image.trim(), loaded.pipeline);
  const colors = stderrColors();
  if (showWarnings) for (const warning of loaded.warnings) process.stderr.write(`${colors.yellow('warning')} ${warning}\n`);
  else if (loaded.pipeline.source.kind === 'import') process.stderr.write(colors.dim(importNote(loaded)) + '\n');
  for (const note of loaded.notes ?? []) process.stderr.write(`${colors.yellow('note')} ${note}\n`);
  return loaded;
}

/**
 * `--image` replaces the default image only: jobs that name their own (every job of a GitHub
 * workflow has the setup-node version's) keep it. A flag that would change nothing is a usage
 * error rather than a run in images the user just asked not to use; image rules do what was meant.
 */
export function checkImageFlagUsed(image: string, pipeline: Pipeline): void {
  const names = pipeline.jobs.map((job) => (job.image.kind === 'name' ? job.image.mappedFrom ?? job.image.name : undefined));
  if (pipeline.jobs.length === 0 || names.includes(image)) return;
  const own = [...new Set(names.filter((name): name is string => name !== undefined))];
  const rule = own.length === 0 ? undefined : imagesRule(own, image);
  const shown = own.length === 0 ? 'images built from a Dockerfile' : own.slice(0, 3).join(', ') + (own.length > 3 ? ', …' : '');
  throw new UsageError(
    `--image ${image}: every job names its own image (${shown}), so no job would run in it.`,
    rule === undefined ? '--image replaces only the default image of jobs that name none.' : `--image replaces only the default image; to run jobs in ${image} instead of theirs, map them: ${rule}.`,
  );
}

/** `Pipeline from .gitlab-ci.yml (GitLab CI); 3 keys ignored or approximated: `ci list` names them.` */
export function importNote(loaded: LoadedPipeline): string {
  const count = loaded.unsupported?.length ?? 0;
  const differs = count === 0 ? '' : ` ${count} key${count === 1 ? '' : 's'} ignored or approximated: \`ci list\` names ${count === 1 ? 'it' : 'them'}.`;
  return `${describeSource(loaded.pipeline)}${differs}`;
}
