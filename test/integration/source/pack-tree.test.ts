/**
 * The workspace tar (remote engines, warm containers) stacks layers as an overlay would: layers
 * below the source first, so the source wins over them, and layers above it last, so they win.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-fs';
import { afterAll, describe, expect, it } from 'vitest';
import { packTree } from '../../../src/source/snapshot.js';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tmp-dir.js';

afterAll(cleanupTempDirs);

function folder(files: Record<string, string>): string {
  const dir = makeTempDir('layer');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('packTree', () => {
  it('packs the layers below the tree first and those above it last, all under workspace/', async () => {
    const tree = folder({ 'src/app.js': 'source', 'shared.txt': 'source', 'untracked.txt': 'not listed' });
    const install = folder({ 'node_modules/x/index.js': 'installed', 'shared.txt': 'install' });
    const upstream = folder({ 'dist/app.js': 'built', 'shared.txt': 'artifact' });
    const nearer = folder({ 'dist/app.js': 'built again' });
    const out = makeTempDir('unpacked');
    const extras = [{ path: '/etc/localci/ca/bundle.pem', content: Buffer.from('pem'), mode: 0o444 }];
    await pipeline(packTree(tree, ['src/app.js', 'shared.txt'], extras, { below: [install], above: [upstream, nearer] }), tar.extract(out));
    const read = (name: string) => readFileSync(path.join(out, name), 'utf8');
    expect(read('workspace/src/app.js')).toBe('source');
    expect(read('workspace/node_modules/x/index.js')).toBe('installed');
    expect(read('workspace/shared.txt')).toBe('artifact');
    expect(read('workspace/dist/app.js')).toBe('built again');
    expect(read('etc/localci/ca/bundle.pem')).toBe('pem');
    expect(() => read('workspace/untracked.txt')).toThrow();
  });

  it('lets the source win over a layer below it', async () => {
    const tree = folder({ 'shared.txt': 'source' });
    const install = folder({ 'shared.txt': 'install' });
    const out = makeTempDir('unpacked');
    await pipeline(packTree(tree, ['shared.txt'], [], { below: [install] }), tar.extract(out));
    expect(readFileSync(path.join(out, 'workspace/shared.txt'), 'utf8')).toBe('source');
  });
});
