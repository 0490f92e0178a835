/**
 * Which paths git ignores, so watch never reacts to (or even watches) what a
 * snapshot would leave out: `node_modules/`, build output, logs. git answers,
 * so every rule git has (nested .gitignore, info/exclude, core.excludesFile)
 * holds without reimplementing it.
 *
 * The ignored paths that exist are listed once per scan (at start, and again
 * when a .gitignore changes); every other path the scan meets is remembered as
 * not ignored. Paths that appear later are asked about: a new folder at once
 * (chokidar's `ignored` callback is synchronous, and must answer before it
 * descends into a fresh `node_modules/`), new files in one batch per change.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { gitMaybe } from '../../source/git.js';

export class GitIgnored {
  /** Ignored entries as listed by git, relative to the root; folders end in `/`. */
  private listed = new Set<string>();
  /** Answers for everything else met so far: the scan's paths, and what git was asked. */
  private readonly known = new Map<string, boolean>();
  /** False during a scan: then the listing is complete, and nothing needs asking. */
  private live = false;

  private constructor(
    private readonly root: string,
    /** The root's path inside the repository (`packages/api/`), or '' at the top. */
    private readonly prefix: string,
  ) {}

  /** undefined outside a git repository: then git ignores nothing. */
  static async load(root: string): Promise<GitIgnored | undefined> {
    const prefix = await gitMaybe(root, ['rev-parse', '--show-prefix']);
    if (prefix === undefined) return undefined;
    const ignored = new GitIgnored(root, prefix);
    await ignored.refresh();
    return ignored;
  }

  /** Reads the list again (a .gitignore changed); a new scan follows, so answers start over. */
  async refresh(): Promise<void> {
    // `status --ignored=matching` names ignored folders as folders; `ls-files --directory`
    // would also name a folder that merely holds nothing but ignored files.
    const [output, tracked] = await Promise.all([
      gitMaybe(this.root, ['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=normal', '--', '.']),
      gitMaybe(this.root, ['ls-files', '-z']),
    ]);
    // A folder a rule ignores still holds the tracked files in it, even while they are deleted
    // on disk (git lists it as ignored then): a checkout or a stash brings them back.
    const trackedFolders = new Set<string>();
    for (const name of (tracked ?? '').split('\0')) {
      for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) trackedFolders.add(name.slice(0, slash + 1));
    }
    const listed = new Set<string>();
    for (const entry of (output ?? '').split('\0')) {
      if (!entry.startsWith('!! ')) continue;
      // Porcelain paths are relative to the repository's top, whatever the working directory.
      const name = entry.slice(3);
      if (name.startsWith(this.prefix) && !trackedFolders.has(name.slice(this.prefix.length))) listed.add(name.slice(this.prefix.length));
    }
    this.listed = listed;
    this.known.clear();
    this.live = false;
  }

  /** The scan is over: paths not met yet are new, and git is asked about them. */
  goLive(): void {
    this.live = true;
  }

  /** Synchronous, for chokidar. A new file counts as not ignored until `learn` has asked git. */
  has(relative: string): boolean {
    if (this.listed.has(relative) || this.listed.has(`${relative}/`)) return true;
    for (let slash = relative.indexOf('/'); slash !== -1; slash = relative.indexOf('/', slash + 1)) {
      const folder = relative.slice(0, slash);
      if (this.listed.has(`${folder}/`) || this.known.get(folder) === true) return true;
    }
    const known = this.known.get(relative);
    if (known !== undefined) return known;
    if (!this.live) {
      this.known.set(relative, false);
      return false;
    }
    // Only a new folder is worth a synchronous question: not descending into it is the point.
    if (!isFolder(path.join(this.root, relative))) return false;
    // A folder a rule ignores still counts when git tracks files in it (a checkout or a stash
    // may bring them back): those files are part of every run.
    const answer =
      spawnSync('git', ['check-ignore', '-q', '--', relative], { cwd: this.root, stdio: 'ignore' }).status === 0 &&
      spawnSync('git', ['ls-files', '-z', '--', `${relative}/`], { cwd: this.root, encoding: 'utf8' }).stdout === '';
    this.known.set(relative, answer);
    return answer;
  }

  /** Asks git, in one call, about the files among `relatives` it has no answer for yet. */
  async learn(relatives: readonly string[]): Promise<void> {
    // Folders are answered by `has` alone, which minds the tracked files inside an ignored one.
    const unknown = relatives.filter((relative) => !this.known.has(relative) && !isFolder(path.join(this.root, relative)));
    if (unknown.length === 0) return;
    // Exit 1 means "none ignored": not a failure.
    const result = await execa('git', ['check-ignore', '--stdin', '-z'], { cwd: this.root, input: unknown.join('\0'), reject: false, stripFinalNewline: false });
    const ignored = new Set(result.exitCode === 0 ? result.stdout.split('\0').filter(Boolean) : []);
    for (const relative of unknown) this.known.set(relative, ignored.has(relative));
  }
}

function isFolder(absolute: string): boolean {
  try {
    return lstatSync(absolute).isDirectory();
  } catch {
    return false;
  }
}
