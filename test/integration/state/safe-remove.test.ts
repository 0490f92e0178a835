import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { removeTree, removeTreeSync, UnsafeRemovalError } from '../../../src/state/safe-remove.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `localci-remove-${name}-`));
  made.push(dir);
  return dir;
}

/** A base folder to remove from, and a folder outside it holding something of the user's. */
function layout() {
  const base = tempDir('base');
  const outside = tempDir('outside');
  writeFileSync(path.join(outside, 'precious.txt'), 'mine\n');
  mkdirSync(path.join(outside, 'sub'));
  writeFileSync(path.join(outside, 'sub', 'also.txt'), 'mine too\n');
  return { base, outside, intact: () => readFileSync(path.join(outside, 'precious.txt'), 'utf8') === 'mine\n' && existsSync(path.join(outside, 'sub', 'also.txt')) };
}

describe.each([
  ['removeTree', (target: string, within: string) => removeTree(target, within)],
  ['removeTreeSync', async (target: string, within: string) => removeTreeSync(target, within)],
])('%s', (_name, remove) => {
  it('removes a folder inside its base with everything in it; a missing one is no error', async () => {
    const { base } = layout();
    mkdirSync(path.join(base, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(base, 'a', 'b', 'f.txt'), 'x');
    await remove(path.join(base, 'a'), base);
    expect(existsSync(path.join(base, 'a'))).toBe(false);
    expect(existsSync(base)).toBe(true);
    await remove(path.join(base, 'never-made'), base);
    await remove(path.join(base, 'never', 'made'), base);
  });

  it('refuses a target outside its base, exit 2', async () => {
    const { base, outside, intact } = layout();
    for (const target of [outside, path.join(base, '..', path.basename(outside)), path.dirname(base)]) {
      const refusal = await remove(target, base).then(() => undefined, (error: unknown) => error);
      expect(refusal).toBeInstanceOf(UnsafeRemovalError);
      expect((refusal as UnsafeRemovalError).exitCode).toBe(ExitCode.usage);
      expect((refusal as Error).message).toMatch(/^Refusing to remove .* it is outside /);
    }
    expect(intact()).toBe(true);
  });

  it('refuses to pass through a link on the way, and leaves what it points at alone', async () => {
    const { base, outside, intact } = layout();
    symlinkSync(outside, path.join(base, 'link'));
    await expect(remove(path.join(base, 'link', 'sub'), base)).rejects.toThrow(/link is a symbolic link/);
    expect(intact()).toBe(true);
    // The base itself reached through a link is refused the same way.
    const linkedBase = path.join(tempDir('via'), 'base');
    symlinkSync(outside, linkedBase);
    await expect(remove(path.join(linkedBase, 'sub'), linkedBase)).rejects.toThrow(/is a symbolic link/);
    expect(intact()).toBe(true);
  });

  it('unlinks a target that is a link, never what it points at, nor links inside the tree', async () => {
    const { base, outside, intact } = layout();
    symlinkSync(outside, path.join(base, 'link'));
    mkdirSync(path.join(base, 'tree'));
    symlinkSync(outside, path.join(base, 'tree', 'inner-link'));
    symlinkSync(path.join(outside, 'precious.txt'), path.join(base, 'tree', 'file-link'));
    await remove(path.join(base, 'link'), base);
    await remove(path.join(base, 'tree'), base);
    expect(existsSync(path.join(base, 'link'))).toBe(false);
    expect(existsSync(path.join(base, 'tree'))).toBe(false);
    expect(intact()).toBe(true);
  });

  it('refuses a file where a folder should be on the way', async () => {
    const { base } = layout();
    writeFileSync(path.join(base, 'file'), 'x');
    await expect(remove(path.join(base, 'file', 'x'), base)).rejects.toThrow(/file is not a folder/);
  });

  it('may remove its base itself (a scratch folder)', async () => {
    const { base } = layout();
    writeFileSync(path.join(base, 'f'), 'x');
    await remove(base, base);
    expect(existsSync(base)).toBe(false);
  });
});
