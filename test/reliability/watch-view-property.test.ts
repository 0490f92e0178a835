/**
 * Property: whatever a developer does to the working tree (create, edit, delete, rename,
 * folder↔file, symbolic links good, dangling and looping, .gitignore edits, branch switches,
 * stashes, commits), once the saves have been reported the tree watch's next run works on is
 * the one `ci run` would read now: the same paths, the same bytes (blob ids), the same commit,
 * branch and dirty flag. Seeded: the seed is printed, LOCALCI_FUZZ_SEED replays it.
 *
 * No Docker: it is here, with the faults, because the operations race the watcher's own scans
 * (a folder turned into a file while chokidar lists it) and a settle may need a full re-read.
 * A check that never settles fails with the seed and the last operations, well within the
 * file's time limit, instead of hanging.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSourceTree, type SourceTree } from '../../src/source/source-tree.js';
import { ChangeSource } from '../../src/triggers/watch/change-source.js';
import { WatchSource } from '../../src/triggers/watch/watch-source.js';
import { createGitRepo, GIT_ENV } from '../helpers/git-repo.js';
import { fuzzSeed, seededRandom, type Random } from '../helpers/seeded-random.js';
import { useTempDirs } from '../helpers/tmp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

useTempDirs();

const OPERATIONS = 200;
/**
 * How long one settle may take: a stuck scan is given up after scan-end.ts's quiet time, and a
 * batch that follows it scans and reads the tree again, on a machine other tests keep busy.
 */
const SETTLE_MS = 20_000;
const saved = { ...process.env };
beforeAll(() => Object.assign(process.env, GIT_ENV));
afterAll(() => {
  for (const key of Object.keys(GIT_ENV)) if (saved[key] === undefined) delete process.env[key];
});

/** A small name space, so operations keep meeting each other's paths. */
const NAMES = ['a', 'b', 'c', 'd/e', 'd/f', 'd/g/h', 'b/x', 'c/y/z', 'build/out', 'notes.log'];

interface View {
  commit?: string;
  branch?: string;
  dirty: boolean;
  files: Record<string, string>;
}

function viewOf(tree: SourceTree): View {
  const files: Record<string, string> = {};
  for (const [name, entry] of tree.entries) files[name] = entry.target === undefined ? entry.key : `${entry.key} -> ${entry.target}`;
  return { commit: tree.commit, branch: tree.branch, dirty: tree.dirty, files };
}

function gitSync(dir: string, ...args: string[]): void {
  try {
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, stdio: 'ignore' });
  } catch {
    // A refused checkout or an empty stash is an operation like any other.
  }
}

/** One random thing a developer does; returns its description for the failure message. */
function operate(dir: string, random: Random): string {
  const pick = () => NAMES[random.int(0, NAMES.length - 1)]!;
  const at = (name: string) => path.join(dir, name);
  const clear = (name: string) => {
    try {
      rmSync(at(name), { recursive: true, force: true });
    } catch {
      // A file stands where a folder of the path would be: nothing there to remove.
    }
  };
  const write = (name: string, content: string): void => {
    try {
      mkdirSync(path.dirname(at(name)), { recursive: true });
      writeFileSync(at(name), content);
    } catch {
      // A file stands where a folder would go: it makes way, as it would in an editor.
      if (path.dirname(name) === '.') return;
      clear(path.dirname(name).split('/')[0]!);
      mkdirSync(path.dirname(at(name)), { recursive: true });
      writeFileSync(at(name), content);
    }
  };
  const kind = random.weighted([
    ['write', 8],
    ['same', 1],
    ['delete', 3],
    ['rename', 2],
    ['folder-to-file', 2],
    ['file-to-folder', 2],
    ['symlink', 3],
    ['gitignore', 2],
    ['add', 1],
    ['commit', 1],
    ['switch', 1],
    ['stash', 1],
    ['unstash', 1],
  ] as const);
  const name = pick();
  switch (kind) {
    case 'write':
      write(name, `content ${random.int(0, 5)}\n`);
      return `write ${name}`;
    case 'same':
      write(name, 'content 0\n');
      return `write same bytes ${name}`;
    case 'delete':
      clear(name.split('/')[0]!);
      return `delete ${name.split('/')[0]}`;
    case 'rename': {
      const to = pick();
      try {
        mkdirSync(path.dirname(at(to)), { recursive: true });
        renameSync(at(name), at(to));
      } catch {
        // Nothing to move, or a folder in the way.
      }
      return `rename ${name} ${to}`;
    }
    case 'folder-to-file': {
      const top = name.split('/')[0]!;
      clear(top);
      writeFileSync(at(top), `was a folder ${random.int(0, 3)}\n`);
      return `folder→file ${top}`;
    }
    case 'file-to-folder': {
      const top = name.split('/')[0]!;
      clear(top);
      write(`${top}/inner`, `now a folder ${random.int(0, 3)}\n`);
      return `file→folder ${top}`;
    }
    case 'symlink': {
      const target = random.weighted([
        [pick(), 3],
        ['missing-target', 1],
        [path.posix.basename(name), 1], // itself: a loop
        ['../outside', 1],
      ] as const);
      clear(name);
      try {
        mkdirSync(path.dirname(at(name)), { recursive: true });
        symlinkSync(target, at(name));
      } catch {
        // A file stands where the folder would go.
      }
      return `symlink ${name} -> ${target}`;
    }
    case 'gitignore': {
      const rules = NAMES.filter(() => random.next() < 0.25).map((rule) => rule.split('/')[0]!);
      writeFileSync(at('.gitignore'), `*.log\n${rules.join('\n')}\n`);
      return `.gitignore: ${rules.join(' ')}`;
    }
    case 'add':
      gitSync(dir, 'add', '-A');
      return 'git add -A';
    case 'commit':
      gitSync(dir, 'add', '-A');
      gitSync(dir, 'commit', '-q', '-m', 'work');
      return 'git commit';
    case 'switch': {
      const branch = random.next() < 0.5 ? 'main' : 'other';
      gitSync(dir, 'checkout', '-q', ...(random.next() < 0.5 ? ['-f'] : []), branch);
      return `git checkout ${branch}`;
    }
    case 'stash':
      gitSync(dir, 'stash', 'push', '-q', '-u');
      return 'git stash -u';
    case 'unstash':
      gitSync(dir, 'stash', 'pop', '-q');
      return 'git stash pop';
  }
}

it(`after ${OPERATIONS} random file operations, each settled run sees what ci run sees`, async () => {
  const seed = fuzzSeed();
  console.log(`watch view property: seed ${seed} (LOCALCI_FUZZ_SEED=${seed} replays it)`);
  const random = seededRandom(seed);
  const dir = await createGitRepo({ a: 'content 1\n', 'd/e': 'content 2\n', '.gitignore': '*.log\nbuild\n' }, { commit: true });
  execFileSync('git', ['branch', 'other'], { cwd: dir, env: { ...process.env, ...GIT_ENV } });
  const source = new WatchSource(dir, true, true);
  const batches: string[] = [];
  const changes = await ChangeSource.start({
    root: dir,
    isGit: true,
    debounceMs: 20,
    ignore: [],
    onBatch: async (files, unsure) => {
      batches.push(`${unsure ? 'unsure ' : ''}${files.join(' ')}`);
      await source.take(files, unsure);
    },
    onError: (error) => console.log(`watch error: ${String(error)}`),
  });
  const read = () => readSourceTree({ root: dir, isGit: true });
  /** What watch's next run would work on: its kept tree, or a full read when it asks for one. */
  const nextRun = async (): Promise<SourceTree> => {
    const kept = await source.next();
    batches.push(kept ? 'kept' : 'full');
    const tree = kept ?? (await read());
    source.used(tree);
    return tree;
  };
  try {
    await nextRun();
    const done: string[] = [];
    while (done.length < OPERATIONS) {
      // Often a burst of saves, as an editor's save-all or a formatter does: a settle (two full
      // reads of the tree) costs more than an operation, so bursts keep the test quick.
      batches.push('--ops');
      for (let burst = random.int(1, 5); burst > 0; burst -= 1) done.push(operate(dir, random));
      const expected = viewOf(await read());
      let seen: View | undefined;
      try {
        await waitFor(async () => JSON.stringify((seen = viewOf(await nextRun()))) === JSON.stringify(expected), { timeoutMs: SETTLE_MS });
      } catch {
        expect(seen, `seed ${seed}, after: ${done.slice(-8).join('; ')}; last batches: ${batches.slice(-30).join(' | ')}`).toEqual(expected);
      }
    }
  } finally {
    await changes.close();
  }
});
