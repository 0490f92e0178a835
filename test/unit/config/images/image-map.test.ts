/** The image map: glob rules, `*` carried over, first match wins, where rules come from and their order. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageMap } from '../../../../src/config/images/image-map.js';
import { imageMapFrom, userConfigFile } from '../../../../src/config/images/image-map-sources.js';
import { loadPipeline } from '../../../../src/config/load.js';
import { ConfigError } from '../../../../src/errors.js';
import { json, tempProject } from '../temp-project.js';

const rule = (pattern: string, image: string) => ({ pattern, image, origin: 'test' });

describe('ImageMap', () => {
  it('matches globs over the whole reference and carries what `*` matched into the image', () => {
    const map = new ImageMap([rule('node:*', 'mirror.local/node:*'), rule('ghcr.io/*/tool:*', 'local/*-tool:*'), rule('ubuntu-latest', 'debian:12')]);
    expect(map.resolve('node:20-alpine')?.image).toBe('mirror.local/node:20-alpine');
    expect(map.resolve('ghcr.io/acme/tool:1.2')?.image).toBe('local/acme-tool:1.2');
    expect(map.resolve('ubuntu-latest')?.image).toBe('debian:12');
    expect(map.resolve('ubuntu-latest-2')).toBeUndefined();
    expect(map.resolve('nodejs:20')).toBeUndefined();
  });

  it('takes the first matching rule; `*` alone catches everything left', () => {
    const map = new ImageMap([rule('alpine:3.*', 'alpine:3.20'), rule('*', 'mirror.local/*')]);
    expect(map.resolve('alpine:3.18')?.image).toBe('alpine:3.20');
    expect(map.resolve('postgres:16')?.image).toBe('mirror.local/postgres:16');
    // Regex characters in patterns are literal.
    expect(new ImageMap([rule('a.b+c', 'x')]).resolve('aXb+c')).toBeUndefined();
  });
});

describe('image map sources', () => {
  it('tries LOCALCI_IMAGES, then the project, then the user file, then the format defaults', async () => {
    const home = tempProject({}, { git: false });
    mkdirSync(path.join(home, '.config', 'localci'), { recursive: true });
    writeFileSync(path.join(home, '.config', 'localci', 'config.yaml'), "images:\n  'node:*': user/node:*\n  'python:*': user/python:*\n  'go:*': user/go:*\n");
    const env = { HOME: home, LOCALCI_IMAGES: ' node:*=env/node:* , ' };
    const map = await imageMapFrom({
      env,
      project: { images: { 'node:*': 'project/node:*', 'python:*': 'project/python:*' }, file: 'ci.config.ts', path: ['images'] },
      defaults: { rules: { 'go:*': 'default/go', 'ubuntu-latest': 'debian:12' }, origin: 'GitHub defaults' },
    });
    expect(map.resolve('node:20')).toEqual({ image: 'env/node:20', rule: { pattern: 'node:*', image: 'env/node:*', origin: 'LOCALCI_IMAGES node:*=env/node:*' } });
    expect(map.resolve('python:3')?.rule.origin).toBe('ci.config.ts: images["python:*"]');
    expect(map.resolve('go:1')?.image).toBe('user/go:1');
    expect(map.resolve('ubuntu-latest')?.rule.origin).toBe('GitHub defaults');
    expect(userConfigFile({ HOME: home, XDG_CONFIG_HOME: '/etc/x' })).toBe('/etc/x/localci/config.yaml');
  });

  it('rejects a malformed rule, naming where it is written', async () => {
    const home = tempProject({ '.config/localci/config.yaml': 'images: [a]\n' }, { git: false });
    const error = (await imageMapFrom({ env: { HOME: home, LOCALCI_IMAGES: 'node:20,alpine=Not An Image' } }).catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((issue) => [issue.file, issue.path])).toEqual([
      ['LOCALCI_IMAGES', 'entry 1 ("node:20")'],
      ['LOCALCI_IMAGES', 'entry 2 ("alpine=Not An Image")'],
      [path.join(home, '.config/localci/config.yaml'), 'images'],
    ]);
  });

  it('rewrites job, service and default images when a pipeline loads, keeping the reference written', async () => {
    const root = tempProject({
      'ci.config.json': json({
        image: 'node:20',
        images: { 'postgres:*': 'mirror.local/postgres:*' },
        jobs: { test: { steps: ['x'], services: { db: { image: 'postgres:16' } } }, other: { image: 'alpine:3.20', steps: ['x'] } },
      }),
    });
    const { pipeline } = await loadPipeline({ cwd: root, env: { HOME: root, LOCALCI_IMAGES: 'node:*=mirror.local/node:*' } });
    const [test, other] = pipeline.jobs;
    expect(test!.image).toEqual({ kind: 'name', name: 'mirror.local/node:20', mappedFrom: 'node:20', mappedBy: 'LOCALCI_IMAGES node:*=mirror.local/node:*' });
    expect(test!.services[0]!.image).toMatchObject({ name: 'mirror.local/postgres:16', mappedFrom: 'postgres:16', mappedBy: 'ci.config.json: images["postgres:*"]' });
    expect(other!.image).toEqual({ kind: 'name', name: 'alpine:3.20' });
    expect(pipeline.image).toMatchObject({ name: 'mirror.local/node:20' });
  });
});
