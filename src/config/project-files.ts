/**
 * The files of a project as a job would get them, for zero config and `ci init`
 * to detect the project from: inside git, tracked files still on disk plus
 * untracked files that are not ignored (what a run's snapshot holds), so an
 * ignored lock file or `.nvmrc` is not there; outside git, every file.
 * One `git ls-files` per set of names asked about; nothing is read until asked.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gitMaybe } from '../source/git.js';

export class ProjectFiles {
  private constructor(
    readonly root: string,
    /** Visible paths among those asked about, or undefined outside git (then the disk decides). */
    private readonly visible: ReadonlySet<string> | undefined,
  ) {}

  /**
   * `names`: paths relative to `root` that detection may look at; globs such as
   * `packages/* /package.json` are allowed (git pathspec glob syntax).
   */
  static async open(root: string, names: readonly string[]): Promise<ProjectFiles> {
    const listed = await gitMaybe(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...names.map((name) => `:(glob)${name}`)]);
    if (listed === undefined) return new ProjectFiles(root, undefined);
    // A tracked file deleted from the working tree is not in the snapshot either.
    const present = listed.split('\0').filter((name) => name !== '' && existsSync(path.join(root, name)));
    return new ProjectFiles(root, new Set(present));
  }

  /** For callers that already know which files count (tests, a tree already read). */
  static of(root: string, visible?: Iterable<string>): ProjectFiles {
    return new ProjectFiles(root, visible === undefined ? undefined : new Set(visible));
  }

  has(name: string): boolean {
    if (this.visible !== undefined) return this.visible.has(name);
    return existsSync(path.join(this.root, name));
  }

  /** The file's text, or undefined when it does not count (or cannot be read). */
  read(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    try {
      return readFileSync(path.join(this.root, name), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The first of `names` that counts. */
  first<T extends string>(names: readonly T[]): T | undefined {
    return names.find((name) => this.has(name));
  }

  /** Visible paths among those listed when opened (inside git only; outside git, none are known). */
  known(): string[] {
    return [...(this.visible ?? [])].sort();
  }

  get isGit(): boolean {
    return this.visible !== undefined;
  }
}
