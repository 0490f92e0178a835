/**
 * Which CI file to import: the one `--from gitlab[:file]` / `--from github[:file]`
 * or `extends: 'gitlab:…'` names, or, when a project has no ci.config.*, the
 * nearest folder (up to the search boundary) holding a format's files.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { directoriesUpTo } from '../boundary.js';
import type { ImporterEntry } from './importer.js';
import { importerFor, IMPORTERS } from './registry.js';

export interface ImportTarget {
  entry: ImporterEntry;
  /** The project root: where the CI file's paths (includes, artifacts) are relative to. */
  root: string;
  /** Absolute paths of the files to read. */
  files: string[];
}

export interface ImportSpec {
  entry: ImporterEntry;
  /** The file named after the colon, as written. */
  file?: string;
}

/** Parses `gitlab`, `gitlab:ci/pipeline.yml`, `github:ci.yml`; `what` names the option or key in messages. */
export function parseImportSpec(spec: string, what: string, importers: readonly ImporterEntry[] = IMPORTERS): ImportSpec {
  const colon = spec.indexOf(':');
  const format = colon < 0 ? spec : spec.slice(0, colon);
  const file = colon < 0 ? undefined : spec.slice(colon + 1);
  const entry = importerFor(format, importers);
  if (entry === undefined) {
    const known = importers.map((candidate) => candidate.format);
    throw new UsageError(
      `${what} ${JSON.stringify(spec)}: unknown format "${format}".`,
      known.length > 0 ? `Use ${known.map((name) => `${name}[:file]`).join(' or ')}.` : 'This build of localci imports no CI formats.',
    );
  }
  if (file !== undefined && file.trim() === '') throw new UsageError(`${what} ${JSON.stringify(spec)}: the file after the colon is empty.`, `Write \`${format}\` alone to use the usual file, or name one.`);
  return { entry, ...(file === undefined ? {} : { file }) };
}

/**
 * The files a spec stands for. A named file is looked up relative to `cwd` first,
 * then among the files the format keeps in `root` (so `github:ci.yml` finds
 * `.github/workflows/ci.yml`); without a name, every file the format finds in
 * the nearest folder from `cwd` up to `root`.
 */
export function resolveImportSpec(spec: ImportSpec, cwd: string, root: string, what: string): ImportTarget {
  const { entry } = spec;
  if (spec.file === undefined) {
    const found = findImportable(cwd, root, [entry]);
    if (found === undefined) throw new UsageError(`${what} ${entry.format}: no ${entry.label} file found in ${cwd} or its parents up to ${root}.`, `Name the file: \`${entry.format}:path/to/file\`.`);
    return found.target;
  }
  const direct = path.resolve(cwd, spec.file);
  if (existsSync(direct)) {
    if (statSync(direct).isDirectory()) throw new UsageError(`${what} ${entry.format}:${spec.file}: that is a directory.`, `Name a ${entry.label} file.`);
    return { entry, root, files: [direct] };
  }
  const wanted = spec.file.split(path.sep).join('/');
  const known = entry.detect(root).find((file) => file === wanted || file.endsWith(`/${wanted}`));
  if (known !== undefined) return { entry, root, files: [path.join(root, known)] };
  throw new UsageError(`${what} ${entry.format}:${spec.file}: no such file.`, `The path is relative to the current directory (or to where ${entry.label} keeps its files).`);
}

export interface Importable {
  target: ImportTarget;
  /** Other formats present in the same folder, not used. */
  others: ImporterEntry[];
}

/** The nearest folder from `start` up to `stopDir` with files of any format; the registry's order breaks ties. */
export function findImportable(start: string, stopDir: string, importers: readonly ImporterEntry[] = IMPORTERS): Importable | undefined {
  for (const dir of directoriesUpTo(start, stopDir)) {
    const present = importers.map((entry) => ({ entry, files: entry.detect(dir) })).filter(({ files }) => files.length > 0);
    const [first, ...rest] = present;
    if (first === undefined) continue;
    return { target: { entry: first.entry, root: dir, files: first.files.map((file) => path.join(dir, file)) }, others: rest.map(({ entry }) => entry) };
  }
  return undefined;
}
