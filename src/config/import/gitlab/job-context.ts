/** What translating one GitLab job needs: where it is written, its variables, and where warnings go. */
import type { KeyPath } from '../../key-path.js';
import type { Variables } from './variables.js';
import type { Warnings } from './warnings.js';

export interface JobContext {
  /** The job's name as written (before `parallel` expansion). */
  name: string;
  /** The file the job is written in. */
  file: string;
  /** The job's final variables, for `$VAR` in image names, cache keys, paths. */
  variables: Readonly<Variables>;
  warnings: Warnings;
  /**
   * Where a top-level key of the job is written, when not in the job itself: a base it
   * extends (`['.base']`), `default:` (`['default']`) or an old top-level default (`[]`).
   */
  keyOrigin?: (key: string) => KeyOrigin | undefined;
}

export interface KeyOrigin {
  file: string;
  /** Key path of the entry that holds the key. */
  at: KeyPath;
}

/** A warning about a key of the job, named where the key is written (a base's key once, not under every job extending it). */
export function warn(context: JobContext, path: KeyPath, message: string): void {
  const origin = path[0] === undefined ? undefined : context.keyOrigin?.(String(path[0]));
  if (origin) context.warnings.add(origin.file, [...origin.at, ...path], message);
  else context.warnings.add(context.file, [context.name, ...path], message);
}

/** Warns once per key of `value` that is not in `known`. */
export function warnUnknownKeys(context: JobContext, value: Record<string, unknown>, at: KeyPath, known: readonly string[], message: string): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) warn(context, [...at, key], message);
}
