/**
 * A few facts of a git repository read from its files, without starting git.
 * Every command that imports a CI file needs the branch, commit and tags of
 * HEAD; starting a git process costs 20-50 ms of the caller's own time on a
 * loaded machine (the fork of a large node process), several times what the
 * whole import takes. Only git's plain layout is read here: loose refs,
 * `packed-refs`, a `.git` file (worktree, submodule) and `commondir`. Whatever
 * else a repository uses (reftable, config includes, GIT_DIR) is reported as
 * unreadable, and the caller asks git instead. Every value read is checked
 * against git's own formats, so a hostile checkout cannot smuggle text through.
 */
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { constants, inflateSync } from 'node:zlib';

export interface GitLayout {
  /** The repository folder of this work tree (its HEAD). */
  gitDir: string;
  /** Where refs, objects and config live (differs from gitDir in a linked worktree). */
  commonDir: string;
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** Ref names git accepts, roughly: no control characters, spaces or `~^:?*[\`. */
const REF_NAME = /^refs\/[^\0-\x20\x7f~^:?*[\\]+$/;

/** The repository `start` is in, found as git finds it; undefined outside git or when GIT_DIR decides. */
export function findGitLayout(start: string, env: Readonly<Record<string, string | undefined>> = process.env): GitLayout | undefined {
  if (env.GIT_DIR !== undefined || env.GIT_COMMON_DIR !== undefined) return undefined;
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const gitDir = gitDirAt(dotGit, dir);
    if (gitDir !== undefined && existsSync(path.join(gitDir, 'HEAD'))) {
      const common = readText(path.join(gitDir, 'commondir'))?.trim();
      return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function gitDirAt(dotGit: string, dir: string): string | undefined {
  try {
    const stat = lstatSync(dotGit);
    if (stat.isDirectory()) return dotGit;
    if (!stat.isFile()) return undefined;
  } catch {
    return undefined;
  }
  const target = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim();
  return target ? path.resolve(dir, target) : undefined;
}

/** The refs of one repository; reads `packed-refs` once. */
export class GitRefs {
  private packedRefs: { refs: Map<string, { id: string; peeled?: string }>; fullyPeeled: boolean } | undefined;

  constructor(readonly layout: GitLayout) {}

  /** False when the repository keeps its refs in a way this reader does not know (reftable). */
  readable(): boolean {
    const config = readText(path.join(this.layout.commonDir, 'config')) ?? '';
    return !/^\s*refstorage\s*=/im.test(config) && existsSync(path.join(this.layout.commonDir, 'refs'));
  }

  /** `HEAD`'s branch (short name) and commit; either is absent when detached or unborn. */
  head(): { branch?: string; commit?: string } {
    const target = this.symbolicTarget('HEAD');
    const commit = this.resolve('HEAD');
    const branch = target?.startsWith('refs/heads/') ? target.slice('refs/heads/'.length) : undefined;
    return { ...(branch ? { branch } : {}), ...(commit ? { commit } : {}) };
  }

  /** The ref a symbolic ref names (`HEAD` → `refs/heads/main`). */
  symbolicTarget(name: string): string | undefined {
    const text = this.looseText(name);
    const target = text?.startsWith('ref: ') ? text.slice(5).trim() : undefined;
    return target !== undefined && REF_NAME.test(target) ? target : undefined;
  }

  /** The object a ref names, following symbolic refs. */
  resolve(name: string, depth = 0): string | undefined {
    if (depth > 5) return undefined;
    const symbolic = this.symbolicTarget(name);
    if (symbolic !== undefined) return this.resolve(symbolic, depth + 1);
    const loose = this.looseText(name)?.trim();
    if (loose !== undefined) return OBJECT_ID.test(loose) ? loose : undefined;
    return this.packed().refs.get(name)?.id;
  }

  /** Tags (short names, sorted) whose commit is `commit`; undefined when one cannot be peeled here. */
  tagsAt(commit: string): string[] | undefined {
    const packed = this.packed();
    const tags = new Set<string>();
    let unsure = false;
    for (const [name, ref] of packed.refs) {
      if (!name.startsWith('refs/tags/')) continue;
      if (ref.id === commit || ref.peeled === commit) tags.add(name);
      else if (ref.peeled === undefined && !packed.fullyPeeled) unsure = true;
    }
    for (const name of this.looseNames('refs/tags')) {
      const id = this.resolve(name);
      if (id === undefined) continue;
      tags.delete(name);
      const peeled = this.peelLoose(id, commit);
      if (peeled === commit) tags.add(name);
      else if (peeled === undefined) unsure = true;
    }
    if (unsure) return undefined;
    return [...tags].map((name) => name.slice('refs/tags/'.length)).sort();
  }

  /** `[remote "origin"] url`, when the config says it plainly. */
  remoteUrl(remote: string): string | undefined {
    const config = readText(path.join(this.layout.commonDir, 'config'));
    return config === undefined ? undefined : configValue(config, `remote "${remote}"`, 'url');
  }

  /** True when the config pulls in other files, which this reader does not follow. */
  configIncludes(): boolean {
    return /^\s*\[\s*include(?:If)?\b/im.test(readText(path.join(this.layout.commonDir, 'config')) ?? '');
  }

  /** HEAD lives in the worktree's own folder, every other ref in the shared one. */
  private looseText(name: string): string | undefined {
    const dir = name === 'HEAD' ? this.layout.gitDir : this.layout.commonDir;
    return name === 'HEAD' || REF_NAME.test(name) ? readText(path.join(dir, ...name.split('/'))) : undefined;
  }

  private looseNames(prefix: string): string[] {
    const out: string[] = [];
    const walk = (relative: string) => {
      let entries;
      try {
        entries = readdirSync(path.join(this.layout.commonDir, ...relative.split('/')), { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const name = `${relative}/${entry.name}`;
        if (entry.isDirectory()) walk(name);
        else if (entry.isFile() && REF_NAME.test(name) && !entry.name.endsWith('.lock')) out.push(name);
      }
    };
    walk(prefix);
    return out;
  }

  private packed(): NonNullable<GitRefs['packedRefs']> {
    if (this.packedRefs) return this.packedRefs;
    const text = readText(path.join(this.layout.commonDir, 'packed-refs')) ?? '';
    const refs = new Map<string, { id: string; peeled?: string }>();
    let last: { id: string; peeled?: string } | undefined;
    for (const line of text.split('\n')) {
      const peeled = /^\^([0-9a-f]+)$/.exec(line)?.[1];
      if (peeled !== undefined && last !== undefined && OBJECT_ID.test(peeled)) last.peeled = peeled;
      const match = /^([0-9a-f]+) (\S+)$/.exec(line);
      if (!match || !OBJECT_ID.test(match[1]!) || !REF_NAME.test(match[2]!)) continue;
      last = { id: match[1]! };
      refs.set(match[2]!, last);
    }
    this.packedRefs = { refs, fullyPeeled: /^# pack-refs with:.*\bfully-peeled\b/.test(text) };
    return this.packedRefs;
  }

  /**
   * The object `id` comes to once tags are peeled, read from loose objects; the walk stops as soon
   * as it reaches `commit`. Undefined when an object on the way is packed (git must answer).
   */
  private peelLoose(id: string, commit: string, depth = 0): string | undefined {
    if (id === commit) return id;
    if (depth > 5) return undefined;
    let header: string;
    try {
      header = objectHead(path.join(this.layout.commonDir, 'objects', id.slice(0, 2), id.slice(2)));
    } catch {
      return undefined;
    }
    if (!header.startsWith('tag ')) return id;
    const tagged = /^tag \d+\0object ([0-9a-f]+)\n/.exec(header)?.[1];
    return tagged !== undefined && OBJECT_ID.test(tagged) ? this.peelLoose(tagged, commit, depth + 1) : undefined;
  }
}

/** One value of git's config format: `[section "sub"]` then `key = value`, quotes and comments as git reads them. */
export function configValue(text: string, section: string, key: string): string | undefined {
  let current = '';
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header) {
      current = header[2] === undefined ? header[1]!.toLowerCase() : `${header[1]!.toLowerCase()} "${header[2].replace(/\\(.)/g, '$1')}"`;
      continue;
    }
    if (current !== section) continue;
    const pair = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(line);
    // The last value wins, as `git config --get` answers.
    if (pair && pair[1]!.toLowerCase() === key) found = unquote(pair[2]!);
  }
  return found;
}

function unquote(value: string): string {
  let out = '';
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index]!;
    if (char === '"') quoted = !quoted;
    else if (char === '\\' && index + 1 < value.length) out += { n: '\n', t: '\t', b: '\b' }[value[++index]!] ?? value[index];
    else if (!quoted && (char === '#' || char === ';')) break;
    else out += char;
  }
  return out.trim();
}

/** The first bytes of a loose object, inflated: enough for its type and a tag's target, whatever its size. */
function objectHead(file: string): string {
  const start = Buffer.alloc(1024);
  const fd = openSync(file, 'r');
  try {
    const length = readSync(fd, start, 0, start.length, 0);
    return inflateSync(start.subarray(0, length), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 200).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
