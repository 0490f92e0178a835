import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { findProjectState } from '../../../src/state/find-project-state.js';
import { removeGoneProjects } from '../../../src/state/gone-projects.js';
import { projectState, readProjectRecord } from '../../../src/state/project-state.js';
import { locateState } from '../../../src/state/state-location.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), `localci-state-${name}-`)));
  made.push(dir);
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localci.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

function repo(): string {
  const dir = tempDir('repo');
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'README'), 'x\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

describe('where a project keeps its state', () => {
  it('a git project: inside the common git directory, per package, per worktree, not in the tree', () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'packages', 'api'), { recursive: true });
    const root = locateState(dir);
    const api = locateState(path.join(dir, 'packages', 'api'));
    expect(root.kind).toBe('git');
    expect(root.home).toBe(path.join(dir, '.git', 'localci'));
    expect(path.dirname(root.dir)).toBe(path.join(dir, '.git', 'localci', 'node_modules'));
    expect(path.basename(root.dir)).toMatch(/^root-[0-9a-f]{8}$/);
    expect(path.basename(api.dir)).toMatch(/^packages-api-[0-9a-f]{8}$/);

    const worktree = path.join(tempDir('worktrees'), 'feature');
    git(dir, 'worktree', 'add', '-q', '-b', 'feature', worktree);
    const other = locateState(worktree);
    expect(other.home).toBe(root.home);
    expect(path.basename(other.dir)).toMatch(/^root@feature-[0-9a-f]{8}$/);
    expect(other.dir).not.toBe(root.dir);
  });

  it('keeps the same folder when the clone is moved', () => {
    const dir = repo();
    const before = path.basename(locateState(dir).dir);
    const moved = path.join(tempDir('moved'), 'clone');
    renameSync(dir, moved);
    expect(path.basename(locateState(moved).dir)).toBe(before);
    expect(locateState(moved).home).toBe(path.join(moved, '.git', 'localci'));
  });

  it('outside git: the user cache folder', () => {
    const dir = tempDir('plain');
    const location = locateState(dir);
    expect(location.kind).toBe('user-cache');
    expect(location.home).toBe(path.join(process.env.XDG_CACHE_HOME!, 'localci'));
    expect(path.basename(location.dir)).toMatch(/^localci-state-plain-\w+-[0-9a-f]{8}$/);
    // A relative XDG_CACHE_HOME is ignored, as the spec says.
    expect(locateState(dir, { XDG_CACHE_HOME: 'relative/cache' }).home).toBe(path.join(os.homedir(), '.cache', 'localci'));
  });
});

describe('the project state', () => {
  it('makes the folders it hands out, records which project it is, and writes nothing into the project', async () => {
    const dir = repo();
    const state = projectState(dir);
    const runs = await state.folder('runs', 'r1');
    expect(runs).toBe(path.join(state.dir, 'runs', 'r1'));
    expect(readProjectRecord(state.dir)).toEqual({ root: dir, kind: 'git' });
    expect(git(dir, 'status', '--porcelain', '--ignored')).toBe('');
  });

  it('refuses a state folder that is a link (exit 2) and writes nothing through it', async () => {
    const dir = repo();
    const outside = tempDir('outside');
    const location = locateState(dir);
    mkdirSync(path.dirname(location.dir), { recursive: true });
    symlinkSync(outside, location.dir);
    let refusal: unknown;
    try {
      projectState(dir);
    } catch (error) {
      refusal = error;
    }
    expect((refusal as { exitCode?: number }).exitCode).toBe(ExitCode.usage);
    expect((refusal as Error).message).toBe(`localci's state folder ${location.dir} is a symbolic link, so localci will not write there.`);
  });

  it('refuses a `.localci` that is a link or a file before anything else', () => {
    const linked = repo();
    symlinkSync(tempDir('elsewhere'), path.join(linked, '.localci'));
    expect(() => projectState(linked)).toThrow(/\.localci is a symbolic link; localci only uses a `\.localci` that is a plain folder of yours/);
    const file = repo();
    writeFileSync(path.join(file, '.localci'), 'x');
    expect(() => projectState(file)).toThrow(/\.localci is not a folder/);
  });

  it('finds the project with runs from a folder below it, without its config', async () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
    expect(await findProjectState(path.join(dir, 'src', 'deep'))).toBeUndefined();
    await projectState(dir).folder('runs', 'r1');
    expect((await findProjectState(path.join(dir, 'src', 'deep')))?.dir).toBe(projectState(dir).dir);
  });

  it('`ci cache prune` drops the state of project folders that are gone, and only those', async () => {
    const dir = repo();
    const worktree = path.join(tempDir('worktrees'), 'gone');
    git(dir, 'worktree', 'add', '-q', '-b', 'gone', worktree);
    await projectState(dir).folder('runs', 'r1');
    const goneState = projectState(worktree);
    await goneState.folder('runs', 'r1');
    git(dir, 'worktree', 'remove', '--force', worktree);
    expect(await removeGoneProjects(projectState(dir).location.home)).toEqual([worktree]);
    expect(readProjectRecord(goneState.dir)).toBeUndefined();
    expect(readProjectRecord(projectState(dir).dir)?.root).toBe(dir);
  });
});
