/**
 * The paths watch mode ignores: git's own folder (where localci's state lives:
 * every run writes there) and `.localci` (the user's secrets file), what git ignores, `watch.ignore` from the config, and the
 * temporary files editors write next to the file being saved.
 */
import path from 'node:path';
import { LEGACY_DIR_NAME } from '../../state/legacy-folder.js';
import { globMatcher } from '../../util/glob-matcher.js';

/** Folders never watched, at any depth (a nested package may have its own `.localci`). */
const IGNORED_FOLDERS = new Set(['.git', LEGACY_DIR_NAME]);

/** vim swap files and its `4913` write probe, backups (`file~`), emacs locks, `*.tmp`, Finder metadata. */
const EDITOR_TEMP = /(?:\.sw[opx]|~|\.tmp)$|^\.#|^4913$|^\.DS_Store$/;

export function isEditorTempFile(name: string): boolean {
  return EDITOR_TEMP.test(name);
}

export interface WatchFilterOptions {
  /** `watch.ignore` globs, relative to the root. */
  ignore: readonly string[];
  /** Asks git whether a root-relative path is ignored; absent outside git. */
  gitIgnored?: (relative: string) => boolean;
}

export class WatchFilter {
  private readonly configured: (file: string) => boolean;

  constructor(private readonly options: WatchFilterOptions) {
    this.configured = globMatcher(options.ignore);
  }

  /** `relative`: a path relative to the root, `/`-separated; '' is the root itself. */
  ignores(relative: string): boolean {
    if (relative === '') return false;
    const parts = relative.split('/');
    if (parts.some((part) => IGNORED_FOLDERS.has(part))) return true;
    if (isEditorTempFile(parts.at(-1)!)) return true;
    // The matcher lets a glob naming a folder (`coverage`, `tmp/**`) cover everything inside it.
    if (this.configured(relative)) return true;
    return this.options.gitIgnored?.(relative) ?? false;
  }

  /** The same question for an absolute path, as chokidar asks it. */
  ignoresAbsolute(root: string, absolute: string): boolean {
    const relative = path.relative(root, absolute);
    // Outside the root (a symlink's target, say) is not ours to watch.
    if (relative.startsWith('..') || path.isAbsolute(relative)) return true;
    return this.ignores(relative.split(path.sep).join('/'));
  }
}
