import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledConfigs, selfContained } from '../../../src/config/compiled-configs.js';
import { makeTempDir } from '../../helpers/tmp-dir.js';

const localci = async () => ({ defineConfig: (config: unknown) => config });
/** A stand-in compiler for these tests: the configs below are plain CommonJS already. */
const counting = () => {
  const calls: string[] = [];
  return { calls, transform: () => (source: string, file: string) => (calls.push(file), source) };
};

describe('compiledConfigs', () => {
  it('compiles a config once per content and evaluates the kept code afterwards', async () => {
    const dir = makeTempDir();
    const cache = path.join(dir, 'cache');
    const file = path.join(dir, 'ci.config.ts');
    writeFileSync(file, 'exports.default = require("localci").defineConfig({ jobs: { a: { steps: [require("node:os").EOL.length] } } });');
    const compiler = counting();
    const configs = compiledConfigs(localci, cache);
    expect(await configs.load(file, compiler.transform)).toEqual({ default: { jobs: { a: { steps: [1] } } } });
    expect(await configs.load(file, compiler.transform)).toEqual({ default: { jobs: { a: { steps: [1] } } } });
    expect(compiler.calls).toHaveLength(1);
    expect(readdirSync(cache)).toHaveLength(1);

    writeFileSync(file, 'exports.default = { jobs: { b: { steps: ["x"] } } };');
    expect(await configs.load(file, compiler.transform)).toEqual({ default: { jobs: { b: { steps: ['x'] } } } });
    expect(compiler.calls).toHaveLength(2);
  });

  it('leaves configs that import their own files or packages, and non-TypeScript files, to jiti', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'ci.config.ts');
    writeFileSync(file, 'exports.default = require("./jobs").jobs;');
    const compiler = counting();
    const configs = compiledConfigs(localci, path.join(dir, 'cache'));
    expect(await configs.load(file, compiler.transform)).toBeUndefined();
    expect(await configs.load(path.join(dir, 'ci.config.mjs'), compiler.transform)).toBeUndefined();
    expect(selfContained('var a = require("zod");')).toBe(false);
    expect(selfContained('exports.__JITI_ERROR__ = {}')).toBe(false);
    expect(selfContained('var a = require("node:fs"), b = require("path"), c = require("localci");')).toBe(true);
  });
});
