/**
 * The one entry point of config loading: discover → load → schema → check →
 * normalize. Every problem found in a stage is reported together in one
 * ConfigError (exit 2); a stage runs only when the one before it passed,
 * since checking cross-references of a malformed config would mostly echo
 * the same mistakes. File names in messages are relative to the working
 * directory when the file is inside it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError, type ConfigIssue } from '../errors.js';
import type { LoadedPipeline, PipelineSource } from '../model/pipeline.js';
import { directoriesUpTo, findSearchBoundary, isInside } from './boundary.js';
import { checkConfig } from './check.js';
import { loadConfigFile, searchConfig, SEARCH_PLACES } from './discover.js';
import { extendsOf, mergeOverImported } from './import/extend-config.js';
import { findImportable, parseImportSpec, resolveImportSpec, type ImportTarget } from './import/find-import.js';
import type { ImporterEntry, ImportResult, RefFacts } from './import/importer.js';
import { IMPORTERS } from './import/registry.js';
import { runImport, type ImportSettings } from './import/run-import.js';
import { mapPipelineImages } from './images/apply-image-map.js';
import { imageMapFrom, type ImageMapSources } from './images/image-map-sources.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { normalize } from './normalize.js';
import { projectName } from './project-name.js';
import type { PipelineConfig } from './types.js';
import { isKnownValid, rememberValid, validationKey } from './validated-cache.js';
import { imageWarnings } from './warnings.js';

export interface LoadOptions {
  /** Directory the search starts from, and that relative paths are resolved against. */
  cwd: string;
  /** An explicit config file (`--config`), relative to `cwd` or absolute. */
  configFile?: string;
  /** `--from gitlab[:file]` / `--from github[:file]`: import that CI file instead of searching. */
  from?: string;
  /** `--workflow`: the one workflow to read when a format has several files. */
  workflow?: string;
  /** `--event`: the event an imported GitHub workflow runs as (default push). */
  event?: string;
  /** `--include-dir`: a local copy of includes that cannot be fetched. */
  includeDir?: string;
  /** Variables importers may read (default: the process environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The formats that can be imported (default: the registry); tests pass their own. */
  importers?: readonly ImporterEntry[];
  /**
   * An image that replaces the pipeline's default one (`--image`, LOCALCI_IMAGE): every job of an
   * inferred pipeline, the jobs without an `image` of their own in a config.
   */
  image?: string;
  /** Variables for every job of this run (`--env KEY=VALUE`); they win over the config's. */
  jobEnv?: Record<string, string>;
  /** The pushed branch or tag an imported CI file's rules are decided for (default: the checkout's). */
  ref?: RefFacts;
}

/** `--from package.json`: zero config even where a CI file would be imported. */
export const INFERRED_FROM = 'package.json';

export async function loadPipeline(opts: LoadOptions): Promise<LoadedPipeline> {
  const cwd = path.resolve(opts.cwd);
  try {
    const loaded = await load(cwd, opts);
    if (opts.jobEnv !== undefined && Object.keys(opts.jobEnv).length > 0) {
      for (const job of loaded.pipeline.jobs) job.env = { ...job.env, ...opts.jobEnv };
      // The shared install too: a token or registry setting given for one run is needed there first.
      if (loaded.pipeline.install) loaded.pipeline.install.env = { ...loaded.pipeline.install.env, ...opts.jobEnv };
    }
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(dedupe(error.issues.map((issue) => polish(issue, cwd))));
    throw error;
  }
}

async function load(cwd: string, opts: LoadOptions): Promise<LoadedPipeline> {
  const { configFile } = opts;
  const importers = opts.importers ?? IMPORTERS;
  if (opts.from !== undefined) {
    if (configFile !== undefined) throw new UsageError('--from and --config both name the pipeline to read.', 'Give one of them.');
    // The jobs of package.json's scripts, when the CI file found first is not what the user wants to run.
    if (opts.from === INFERRED_FROM) return loadInferred(cwd, opts.image);
    const spec = parseImportSpec(opts.from, '--from', importers);
    return loadImported(resolveImportSpec(spec, cwd, findSearchBoundary(cwd).gitRoot ?? cwd, '--from'), opts);
  }
  const found =
    configFile === undefined
      ? await searchConfig(cwd, findSearchBoundary(cwd).stopDir)
      : await loadConfigFile(path.resolve(cwd, configFile), configFile);
  if (found === undefined) {
    // No ci.config anywhere up to the boundary: the CI file the team already has, else package.json.
    const importable = findImportable(cwd, findSearchBoundary(cwd).stopDir, importers);
    if (importable !== undefined) return loadImported(importable.target, opts);
    return loadInferred(cwd, opts.image);
  }
  const source: PipelineSource = { kind: found.kind, file: found.filepath };
  const prefix: KeyPath = found.kind === 'package.json' ? ['ci'] : [];
  // A found config's folder is the project: in a monorepo, packages/api/ci.config.ts tests
  // packages/api. A config named with --config may live anywhere; the project is where we are.
  const root = configFile === undefined ? path.dirname(found.filepath) : (findSearchBoundary(cwd).gitRoot ?? cwd);
  const from = extendsOf(found.config);
  const env = opts.env ?? process.env;
  if (from === undefined) return validate(withImage(found.config, opts.image), { source, root, prefix, env });
  // `extends: 'gitlab:…'`: the named CI file, resolved from the config's folder, under the config's own keys.
  if (typeof from !== 'string') {
    throw new ConfigError([{ file: found.filepath, path: formatKeyPath([...prefix, 'extends']), message: 'expected a string such as `gitlab:.gitlab-ci.yml` or `github:ci.yml`' }]);
  }
  const where = `${formatKeyPath([...prefix, 'extends'])}:`;
  const target = resolveImportSpec(parseImportSpec(from, where, importers), path.dirname(found.filepath), root, where);
  const images = (found.config as { images?: Record<string, string> }).images;
  const imported = await runImport(target, await importSettings(opts, images === undefined ? undefined : { images, file: found.filepath, path: [...prefix, 'images'] }));
  const merged = mergeOverImported(imported.config, found.config as Record<string, unknown>);
  const extended = { ...source, files: [found.filepath, ...imported.files] };
  return withImportWarnings(await validate(withImage(merged, opts.image), { source: extended, root, prefix, env, defaultImages: imported.images }), imported, cwd);
}

/** A CI file read through its importer, then checked like any config. */
async function loadImported(target: ImportTarget, opts: LoadOptions): Promise<LoadedPipeline> {
  const imported = await runImport(target, await importSettings(opts));
  const [file = target.files[0]!] = imported.files;
  const source: PipelineSource = { kind: 'import', format: target.entry.format, file, files: imported.files };
  const checked = await validate(withImage(imported.config, opts.image), { source, root: target.root, prefix: [], env: opts.env ?? process.env, defaultImages: imported.images });
  return withImportWarnings(checked, imported, path.resolve(opts.cwd));
}

/** `project`: the `images` of a ci.config that extends the imported file, which count as the user's rules. */
async function importSettings(opts: LoadOptions, project?: ImageMapSources['project']): Promise<ImportSettings> {
  const env = opts.env ?? process.env;
  const userMap = await imageMapFrom({ env, ...(project === undefined ? {} : { project }) });
  return {
    env,
    userImage: (reference) => userMap.resolve(reference)?.image,
    ...(opts.includeDir === undefined ? {} : { includeDir: path.resolve(opts.cwd, opts.includeDir) }),
    ...(opts.workflow === undefined ? {} : { workflow: opts.workflow }),
    ...(opts.event === undefined ? {} : { event: opts.event }),
    ...(opts.ref === undefined ? {} : { ref: opts.ref }),
  };
}

/**
 * Import warnings go first (they say how the pipeline differs from the file), and are kept apart
 * for `--strict`; so are the jobs of the file that cannot run locally.
 */
function withImportWarnings(loaded: LoadedPipeline, imported: ImportResult, cwd: string): LoadedPipeline {
  const lines = imported.warnings.map((warning) => `${shownPath(warning.file, cwd)}: ${formatKeyPath(warning.path) || '(top level)'}: ${visible(warning.message)}`);
  const unavailable = imported.unavailable?.map((job) => ({ name: visible(job.name), reason: visible(job.reason) }));
  const notes = imported.notes?.map(visible);
  return { ...loaded, warnings: [...lines, ...loaded.warnings], unsupported: lines, ...(unavailable ? { unavailable } : {}), ...(notes ? { notes } : {}) };
}

/** The config with its default image replaced; anything but an object is left for the schema to reject. */
function withImage(raw: unknown, image: string | undefined): unknown {
  if (image === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return { ...(raw as Record<string, unknown>), image };
}

/** The files zero config starts from: package.json wins over Python's and Go's (infer-toolchain.ts). */
const PROJECT_MARKERS = ['package.json', 'pyproject.toml', 'requirements.txt', 'go.mod'];

/** No config file: infer from the nearest package.json (or Python or Go project files), looking up to the git root. */
async function loadInferred(cwd: string, image: string | undefined): Promise<LoadedPipeline> {
  const boundary = findSearchBoundary(cwd);
  const root = directoriesUpTo(cwd, boundary.gitRoot ?? boundary.stopDir).find((dir) => PROJECT_MARKERS.some((name) => existsSync(path.join(dir, name))));
  if (root !== undefined && !existsSync(path.join(root, 'package.json'))) {
    const { inferFromToolchain } = await import('./infer-toolchain.js');
    const toolchain = await inferFromToolchain(root, { image });
    if (toolchain !== undefined) return validate(toolchain.config, { source: { kind: 'inferred', file: toolchain.file }, root, prefix: [], env: process.env });
  }
  if (root === undefined || !existsSync(path.join(root, 'package.json'))) {
    const limit = boundary.gitRoot ? 'the git root' : boundary.stopDir;
    throw new ConfigError([
      {
        file: cwd,
        path: '',
        message: `no pipeline config found in this directory or its parents up to ${limit}`,
        hint: `create ci.config.ts (\`ci init\`), or add a package.json with scripts (or a pyproject.toml, requirements.txt or go.mod that git tracks). Looked for: ${SEARCH_PLACES.join(', ')} ("ci" key).`,
      },
    ]);
  }
  // Imported here so semver stays off the path of projects that have a config.
  const { inferFromPackageJson } = await import('./infer.js');
  const inferred = await inferFromPackageJson(root, { image });
  return validate(inferred.config, { source: { kind: 'inferred', file: inferred.file }, root, prefix: [], env: process.env });
}

interface ValidateContext {
  source: PipelineSource;
  root: string;
  /** Prepended to key paths (`ci` for package.json). */
  prefix: KeyPath;
  env: Readonly<Record<string, string | undefined>>;
  /** Image-map rules an imported format documents. */
  defaultImages?: { rules: Record<string, string>; origin: string } | undefined;
}

async function validate(raw: unknown, context: ValidateContext): Promise<LoadedPipeline> {
  const { source, root, prefix } = context;
  const file = source.file;
  const config = await parseWithCache(raw, file, prefix, context.env);
  const issues: ConfigIssue[] = [];
  const { warnings } = checkConfig(config, (at, message, hint) => {
    issues.push({ file, path: formatKeyPath([...prefix, ...at]), message, ...(hint ? { hint } : {}) });
  });
  if (issues.length > 0) throw new ConfigError(issues);
  const images = await imageMapFrom({
    env: context.env,
    // Named relative to the project in `ci images` (the schema has checked the rules already).
    ...(config.images ? { project: { images: config.images, file: path.relative(root, file) || file, path: [...prefix, 'images'] } } : {}),
    ...(context.defaultImages ? { defaults: context.defaultImages } : {}),
  });
  const pipeline = mapPipelineImages(normalize(config, { root, projectName: projectName(root), source }), images);
  // An image the map rewrites (a runner label such as `ubuntu-latest`) is judged by what it becomes, not by its tag.
  const mapped = new Set(pipeline.jobs.filter((job) => job.image.kind === 'name' && job.image.mappedFrom !== undefined).map((job) => job.baseName));
  const imageRemarks = imageWarnings(config).filter(({ path: at }) => !(at[0] === 'jobs' && at[2] === 'image' && mapped.has(String(at[1]))));
  const remarks = [...imageRemarks, ...warnings].map(({ path: at, message }) => `${formatKeyPath([...prefix, ...at])}: ${message}`);
  return { pipeline, warnings: remarks };
}

/** The schema stage, skipped (with zod unloaded) when this exact config passed it before. */
async function parseWithCache(raw: unknown, file: string, prefix: KeyPath, env: ValidateContext['env']): Promise<PipelineConfig> {
  const key = validationKey(raw);
  // Schema-valid data is returned unchanged by the schema (no transforms or defaults), so raw is the result.
  if (key !== undefined && isKnownValid(key, env)) return raw as PipelineConfig;
  const { parseConfig } = await import('./parse-config.js');
  const config = parseConfig(raw, file, prefix);
  if (key !== undefined) rememberValid(key, env);
  return config;
}

/**
 * Issues are written as fragments where they are found; here they become
 * what errors.ts prints: `file: path: message. Hint.`, with the file
 * relative to cwd.
 */
function polish(issue: ConfigIssue, cwd: string): ConfigIssue {
  const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);
  const polished: ConfigIssue = { ...issue, file: shownPath(issue.file, cwd), message: sentence(visible(issue.message)) };
  if (issue.hint) polished.hint = sentence(visible(issue.hint.charAt(0).toUpperCase() + issue.hint.slice(1)));
  return polished;
}

/**
 * Messages quote the config's own text (a value, a parser's snippet of a binary file); its
 * control characters are shown as escapes, so they can neither break the one-line-per-problem
 * shape nor drive the terminal the message is printed on.
 */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Relative to cwd when inside it (`ci.config.ts`, `sub/package.json`), absolute otherwise. */
function shownPath(file: string, cwd: string): string {
  if (file === cwd || !path.isAbsolute(file) || !isInside(file, cwd)) return file;
  return path.relative(cwd, file);
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.file, issue.path, issue.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
