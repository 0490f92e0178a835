import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { MASK, resolveSecrets, SecretMasker } from '../../../src/run/secrets.js';
import { makeJob, makePipeline } from '../job-factory.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'localci-secrets-'));
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  const jobs = [makeJob('publish', { secrets: ['NPM_TOKEN', 'SIGNING_KEY'] }), makeJob('test')];
  return { pipeline: { ...makePipeline(jobs), root }, jobs };
}

describe('resolveSecrets', () => {
  it('reads the environment first, then .env.local, then .localci/secrets', () => {
    const { pipeline, jobs } = project({ '.env.local': 'NPM_TOKEN=from-file\nSIGNING_KEY=key-from-env-local\n', '.localci/secrets': 'SIGNING_KEY=ignored\n' });
    const secrets = resolveSecrets(pipeline, jobs, { NPM_TOKEN: 'from-env' });
    expect(Object.fromEntries(secrets)).toEqual({ NPM_TOKEN: 'from-env', SIGNING_KEY: 'key-from-env-local' });
  });

  it('names every missing secret with its key path, exit 2', () => {
    const { pipeline, jobs } = project({});
    try {
      resolveSecrets(pipeline, jobs, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).message).toContain('jobs.publish.secrets[0]: secret `NPM_TOKEN` is not set.');
      expect((error as ConfigError).message).toContain('jobs.publish.secrets[1]: secret `SIGNING_KEY` is not set.');
    }
  });

  it('needs nothing when no job names a secret', () => {
    expect(resolveSecrets(makePipeline([makeJob('a')]), [makeJob('a')], {}).size).toBe(0);
  });
});

describe('SecretMasker', () => {
  it('masks every occurrence, longest value first', () => {
    const masker = new SecretMasker(['s3cret', 's3cret-and-more']);
    expect(masker.mask('token=s3cret-and-more; again s3cret')).toBe(`token=${MASK}; again ${MASK}`);
  });

  it('masks a multi-line value whole and each of its lines of 4+ characters alone', () => {
    const key = '-----BEGIN KEY-----\r\nMIIEvQIBADAN\n  indented-line  \nab\n-----END KEY-----';
    const masker = new SecretMasker([key]);
    expect(masker.mask(`key: ${key}`)).toBe(`key: ${MASK}`);
    expect(['-----BEGIN KEY-----', 'MIIEvQIBADAN', '    indented-line', 'ab', '-----END KEY-----'].map((line) => masker.mask(line))).toEqual([MASK, MASK, `    ${MASK}`, 'ab', MASK]);
    expect(masker.longest).toBe(key.length);
  });

  it('finds a cut that splits no occurrence of a value', () => {
    const masker = new SecretMasker(['SECRET', 'CRET-TAIL']);
    expect(masker.cleanCut('xxSECRETyy', 1)).toBe(1);
    expect(masker.cleanCut('xxSECRETyy', 4)).toBe(8);
    // Moving past one value can land inside another that overlaps it.
    expect(masker.cleanCut('xxSECRET-TAILyy', 4)).toBe(13);
    expect(masker.cleanCut('xxSECRETyy', 8)).toBe(8);
  });

  it('leaves values too short to mask safely alone', () => {
    const masker = new SecretMasker(['ab']);
    expect(masker.active).toBe(false);
    expect(masker.mask('abc')).toBe('abc');
  });
});
