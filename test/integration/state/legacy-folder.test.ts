import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrateLegacyState, userFileInLegacyFolder } from '../../../src/state/legacy-folder.js';
import { projectState } from '../../../src/state/project-state.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), `localci-legacy-${name}-`)));
  made.push(dir);
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localci.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A project as an older localci left it: state in `.localci/`, git-ignored by its own `.gitignore`. */
function oldProject(extra: Record<string, string> = {}): string {
  const dir = tempDir('project');
  git(dir, 'init', '-q', '-b', 'main');
  const files: Record<string, string> = {
    '.localci/.gitignore': '*\n',
    '.localci/runs/20250101-000000-aaaa/run.json': '{"schema":1}',
    '.localci/runs/20250101-000000-aaaa/build.log': 'built\n',
    '.localci/runs/20250102-000000-bbbb/run.json': '{"schema":1}',
    '.localci/cache/results/k1/entry.json': '{}',
    '.localci/cache/file-keys.json': '{}',
    '.localci/tmp/20250102-000000-bbbb/owner.pid': '999999999',
    '.localci/workspace/trees/t1/root/a.txt': 'a',
    '.localci/watch/999999999/1/x': 'x',
    ...extra,
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('an old `.localci/` in the project', () => {
  it('moves runs and cached results to the state folder once, drops the rest, and says so in one line', async () => {
    const dir = oldProject();
    const state = projectState(dir);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let said: string[];
    try {
      await state.prepare();
    } finally {
      said = stderr.mock.calls.map(([text]) => String(text));
      stderr.mockRestore();
    }
    expect(said).toEqual([`localci: moved 2 runs and 1 cached result from ${path.join(dir, '.localci')} to ${state.dir}; .localci/ is gone.\n`]);
    expect(existsSync(path.join(dir, '.localci'))).toBe(false);
    expect(readdirSync(state.path('runs')).sort()).toEqual(['20250101-000000-aaaa', '20250102-000000-bbbb']);
    expect(readFileSync(state.path('runs', '20250101-000000-aaaa', 'build.log'), 'utf8')).toBe('built\n');
    expect(readdirSync(state.path('results'))).toEqual(['k1']);
    expect(git(dir, 'status', '--porcelain', '--ignored')).toBe('');
  });

  it('keeps the user\'s own files (secrets) and the `.gitignore` that keeps them out of git', async () => {
    const dir = oldProject({ '.localci/secrets': 'TOKEN=abc\n' });
    const said: string[] = [];
    const state = projectState(dir);
    await migrateLegacyState({ root: dir, dir: state.dir, folder: (kind) => madeFolder(state.path(kind === 'runs' ? 'runs' : 'results')) }, (line) => said.push(line));
    expect(said).toEqual([`localci: moved 2 runs and 1 cached result from ${path.join(dir, '.localci')} to ${state.dir}; .localci/ keeps only your own files.`]);
    expect(readdirSync(path.join(dir, '.localci')).sort()).toEqual(['.gitignore', 'secrets']);
    expect(userFileInLegacyFolder(dir, 'secrets')).toBe(path.join(dir, '.localci', 'secrets'));
    // Once: nothing left to move, nothing said.
    await migrateLegacyState({ root: dir, dir: state.dir, folder: () => state.dir }, (line) => said.push(line));
    expect(said).toHaveLength(1);
  });

  it('never moves or removes files git tracks there', async () => {
    const dir = oldProject();
    git(dir, 'add', '-f', '.localci/runs');
    const state = projectState(dir);
    await expect(migrateLegacyState({ root: dir, dir: state.dir, folder: () => state.dir }, () => undefined)).rejects.toThrow(/\.localci\/runs\/.* is tracked by git, so localci will not move or remove/);
    expect(existsSync(path.join(dir, '.localci', 'runs', '20250101-000000-aaaa', 'build.log'))).toBe(true);
  });

  it('moves only real folders: a link among the old runs is dropped, not followed', async () => {
    const outside = tempDir('outside');
    writeFileSync(path.join(outside, 'precious.txt'), 'mine\n');
    const dir = oldProject();
    symlinkSync(outside, path.join(dir, '.localci', 'runs', 'linked'));
    symlinkSync(outside, path.join(dir, '.localci', 'workspace', 'linked'));
    const state = projectState(dir);
    await migrateLegacyState({ root: dir, dir: state.dir, folder: (kind) => madeFolder(state.path(kind === 'runs' ? 'runs' : 'results')) }, () => undefined);
    expect(readdirSync(state.path('runs')).sort()).toEqual(['20250101-000000-aaaa', '20250102-000000-bbbb']);
    expect(readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('mine\n');
  });

  it('refuses a secrets file that is a link', () => {
    const dir = oldProject();
    symlinkSync('/etc/hostname', path.join(dir, '.localci', 'secrets'));
    expect(() => userFileInLegacyFolder(dir, 'secrets')).toThrow(/secrets is a symbolic link, so localci will not read it/);
  });
});

function madeFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
