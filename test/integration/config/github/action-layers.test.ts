/**
 * A config is possibly hostile: `actionLayers` (set by the GitHub importer for fetched actions)
 * takes folders of localci's actions cache only, so a `.yaml` config cannot mount a folder of
 * the user's (`~/.ssh`) into a job, nor one reached through a link.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsCacheRoot } from '../../../../src/config/action-layers.js';
import { parseConfig } from '../../../../src/config/parse-config.js';
import { ConfigError } from '../../../../src/errors.js';
import { makeTempDir } from '../../../helpers/tmp-dir.js';

const configWith = (dir: string) => ({ image: 'node:20', jobs: { act: { steps: ['true'], actionLayers: [dir] } } });

describe('actionLayers', () => {
  it("takes folders of the actions cache and refuses any other folder, or one reached through a link, with exit 2", () => {
    const root = actionsCacheRoot(process.env);
    const fetched = path.join(root, 'acme', 'tools', 'v1', '0'.repeat(40));
    mkdirSync(fetched, { recursive: true });
    expect(parseConfig(configWith(fetched), 'ci.yaml', []).jobs.act!.actionLayers).toEqual([fetched]);

    const outside = makeTempDir('home');
    mkdirSync(path.join(outside, '.ssh'));
    symlinkSync(outside, path.join(root, 'linked'));
    for (const dir of [path.join(outside, '.ssh'), path.join(root, 'linked', '.ssh'), `${root}/../valid-configs`, 'relative/dir']) {
      let error: unknown;
      try {
        parseConfig(configWith(dir), 'ci.yaml', []);
      } catch (caught) {
        error = caught;
      }
      expect(error, dir).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).message).toMatch(/jobs\.act\.actionLayers/);
    }
  });
});
