import { writeFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitIgnored } from '../../../src/triggers/watch/git-ignored.js';
import { isEditorTempFile, WatchFilter } from '../../../src/triggers/watch/watch-filter.js';

describe('WatchFilter', () => {
  const filter = new WatchFilter({ ignore: ['coverage', 'tmp/**', '**/*.snap', '!keep.snap'] });

  it('never watches .git or localci state, at any depth', () => {
    for (const file of ['.git', '.git/index', '.localci/runs/x/unit.log', 'packages/api/.localci/tmp/a', 'vendor/lib/.git/HEAD']) {
      expect(filter.ignores(file), file).toBe(true);
    }
  });

  it('ignores the temporary files editors write around a save', () => {
    for (const name of ['.app.ts.swp', '.app.ts.swo', 'app.ts~', '.#app.ts', '4913', 'upload.tmp', '.DS_Store']) {
      expect(isEditorTempFile(name), name).toBe(true);
      expect(filter.ignores(`src/${name}`), name).toBe(true);
    }
    for (const name of ['app.ts', 'swap.ts', '49130', 'tmp.ts', '.env', 'template.txt']) expect(isEditorTempFile(name), name).toBe(false);
  });

  it('applies watch.ignore globs to files and to the folders holding them', () => {
    expect(filter.ignores('coverage')).toBe(true);
    expect(filter.ignores('coverage/lcov/index.html')).toBe(true);
    expect(filter.ignores('tmp')).toBe(true);
    expect(filter.ignores('tmp/a/b')).toBe(true);
    expect(filter.ignores('src/__snapshots__/a.snap')).toBe(true);
    expect(filter.ignores('keep.snap')).toBe(false);
    expect(filter.ignores('src/coverage.ts')).toBe(false);
    expect(filter.ignores('src/index.ts')).toBe(false);
    expect(filter.ignores('')).toBe(false);
  });

  it('answers for absolute paths, and leaves out what is outside the root', () => {
    expect(filter.ignoresAbsolute('/p', '/p/src/a.ts')).toBe(false);
    expect(filter.ignoresAbsolute('/p', '/p/coverage/x')).toBe(true);
    expect(filter.ignoresAbsolute('/p', '/elsewhere/a.ts')).toBe(true);
    expect(filter.ignoresAbsolute('/p', '/p')).toBe(false);
  });
});

describe('GitIgnored', () => {
  let repo: string;
  const git = (...args: string[]) => execa('git', args, { cwd: repo });

  beforeAll(async () => {
    repo = await mkdtemp(path.join(os.tmpdir(), 'localci-unit-watch-'));
    await git('init', '-q', '-b', 'main');
    const files: Record<string, string> = {
      '.gitignore': 'node_modules/\n*.log\n/build\n',
      'packages/api/.gitignore': 'generated/\n',
      'node_modules/dep/index.js': '',
      'packages/api/generated/types.ts': '',
      'packages/api/src/index.ts': '',
      'build/out.js': '',
      'debug.log': '',
      'tracked.log': '',
      'src/index.ts': '',
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      writeFileSync(path.join(repo, name), content);
    }
    // A tracked file stays watched even when a pattern matches it.
    await git('add', '-f', 'tracked.log');
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('knows the ignored files and folders that exist at start, nested rules included', async () => {
    const ignored = (await GitIgnored.load(repo))!;
    for (const file of ['node_modules', 'node_modules/dep/index.js', 'build/out.js', 'debug.log', 'packages/api/generated/types.ts']) {
      expect(ignored.has(file), file).toBe(true);
    }
    for (const file of ['src/index.ts', 'packages/api/src/index.ts', 'tracked.log', '.gitignore', 'packages']) {
      expect(ignored.has(file), file).toBe(false);
    }
  });

  it('asks git about a new folder at once, and about new files in one batch', async () => {
    const ignored = (await GitIgnored.load(repo))!;
    ignored.goLive();
    // A folder that appears later (git tells `node_modules/` folders by looking at the disk).
    mkdirSync(path.join(repo, 'packages', 'web', 'node_modules'), { recursive: true });
    expect(ignored.has('packages/web/node_modules')).toBe(true);
    expect(ignored.has('packages/web/node_modules/dep/index.js')).toBe(true);
    // New files pass the quick check, then one question to git settles them.
    expect(ignored.has('fresh.log')).toBe(false);
    await ignored.learn(['fresh.log', 'src/fresh.ts', 'sub dir/odd name.log']);
    expect(ignored.has('fresh.log')).toBe(true);
    expect(ignored.has('sub dir/odd name.log')).toBe(true);
    expect(ignored.has('src/fresh.ts')).toBe(false);
  });

  it('works from a project folder inside the repository', async () => {
    const ignored = (await GitIgnored.load(path.join(repo, 'packages', 'api')))!;
    expect(ignored.has('generated/types.ts')).toBe(true);
    expect(ignored.has('src/index.ts')).toBe(false);
  });

  it('follows a changed .gitignore after refresh', async () => {
    const ignored = (await GitIgnored.load(repo))!;
    expect(ignored.has('src/index.ts')).toBe(false);
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n*.log\n/build\nsrc/\n');
    await ignored.refresh();
    expect(ignored.has('src/index.ts')).toBe(true);
  });

  it('is absent outside git', async () => {
    const plain = await mkdtemp(path.join(os.tmpdir(), 'localci-unit-watch-plain-'));
    try {
      expect(await GitIgnored.load(plain)).toBeUndefined();
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
