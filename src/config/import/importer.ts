/**
 * The seam between localci and the CI files teams already have. An importer
 * reads one format (GitLab CI, GitHub Actions) into the same `PipelineConfig`
 * a `ci.config.ts` produces, so the rest (schema, checks, normalize, plan, run)
 * never knows where a pipeline came from. Each importer is split into
 * parse → expand (includes, extends, anchors, references, matrix) → translate.
 *
 * Every key it cannot honour becomes one ImportWarning saying what localci does
 * instead: a pipeline is never changed silently, and `ci list --strict` turns
 * the warnings into exit 2.
 */
import type { KeyPath } from '../key-path.js';
import type { ChangesOf } from './changed-files.js';
import type { PipelineConfig } from '../types.js';

export type ImportFormat = 'gitlab' | 'github';

export interface ImportWarning {
  /** Absolute path of the file the key is written in (an included file, a called workflow). */
  file: string;
  /** Key path inside that file, such as `['test', 'interruptible']`. */
  path: KeyPath;
  /** What is not supported and what localci does instead: `ignored: …`, `approximated: …`. */
  message: string;
}

/** Facts about the checkout that a CI server would know, read once per load (all optional outside git). */
export interface GitFacts {
  branch?: string;
  commit?: string;
  /** A tag pointing at HEAD, when there is one. */
  tag?: string;
  /** The branch `origin/HEAD` points at, else `main` or `master` when one exists. */
  defaultBranch?: string;
  /** URL of the `origin` remote (owner and name of the repository). */
  remoteUrl?: string;
}

/**
 * The ref a pipeline is loaded for when it is not the checkout's: the pre-push hook loads it for
 * each pushed branch or tag, so rules on the branch take the one being pushed, as CI would.
 */
export type RefFacts = ({ branch: string } | { tag: string }) & {
  commit?: string;
  /** The commit the remote's branch pointed at before the push, when it had one (what a push's changes are compared with). */
  before?: string;
};

export interface ImportContext {
  /** The project root: the folder the CI file belongs to. */
  root: string;
  git: GitFacts;
  /** The environment of the command (LOCALCI_* settings, variables a CI file may read). */
  env: Readonly<Record<string, string | undefined>>;
  /** `--include-dir`: a local copy of includes that cannot be fetched. */
  includeDir?: string;
  /** `--workflow`: the one workflow to read when a format has several files. */
  workflow?: string;
  /** `--event`: the event a local run behaves as (GitHub Actions; default push). */
  event?: string;
  /**
   * What the user's image map (LOCALCI_IMAGES, the project's `images`, the user config) makes of a
   * reference, undefined when no rule of theirs names it: a macOS runner label runs only when mapped.
   */
  userImage?: (reference: string) => string | undefined;
  /** The files the push or pull request changes (GitHub `paths` filters); asked only when a filter needs them. */
  changes?: ChangesOf;
}

export interface ImportRequest {
  /** Absolute paths of the files to read: the one chosen, or every file `detect` found. */
  files: string[];
  context: ImportContext;
}

export interface ImportResult {
  /** Validated by the same schema and checks as a ci.config.ts afterwards. */
  config: PipelineConfig;
  warnings: ImportWarning[];
  /** Every file read, the main file first (includes, called workflows): watch reloads when one changes. */
  files: string[];
  /**
   * Image-map rules the format documents (GitHub's `runs-on` labels), tried after every rule the
   * user wrote; `origin` is how `ci images` names them.
   */
  images?: { rules: Record<string, string>; origin: string };
  /** Jobs of the file that cannot run locally (a downstream pipeline, a base only an unread include defines), with why. */
  unavailable?: UnavailableJob[];
  /** How this run differs from the one asked for (a pull request run instead of a push), said on every run. */
  notes?: string[];
}

export interface UnavailableJob {
  name: string;
  reason: string;
}

export interface Importer {
  load(request: ImportRequest): Promise<ImportResult>;
}

/** What the registry knows of a format without loading its importer. */
export interface ImporterEntry {
  format: ImportFormat;
  /** Shown in messages: `GitLab CI`. */
  label: string;
  /** Files of this format in `dir`, relative to it, in reading order; [] when none. Cheap: runs on every command. */
  detect(dir: string): string[];
  /** Loaded only when the format is used, so other commands stay fast. */
  importer(): Promise<Importer>;
}
