/**
 * Every malformed config in test/fixtures/bad-configs must fail with a
 * ConfigError naming the file, the key path and the hint listed for it in
 * expectations.json (which test/reliability/bad-input-cli.test.ts reuses through the built CLI).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadPipeline } from '../../../src/config/load.js';
import { checkDestinations } from '../../../src/backend/destination-trust.js';
import { chooseBackend } from '../../../src/cli/backend-provider.js';

const dir = fileURLToPath(new URL('../../fixtures/bad-configs/', import.meta.url));
const expectations = JSON.parse(readFileSync(path.join(dir, 'expectations.json'), 'utf8')) as Record<string, string[]>;

function fixtureFiles(root: string, prefix = ''): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = path.join(root, name);
    if (statSync(full).isDirectory()) return fixtureFiles(full, `${prefix}${name}/`);
    return name === 'expectations.json' ? [] : [`${prefix}${name}`];
  });
}

describe('bad configs', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtureFiles(dir).sort()).toEqual(Object.keys(expectations).sort());
    expect(Object.keys(expectations).length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.entries(expectations))('%s fails with its file, key path and hint', async (file, expected) => {
    // As the CLI's front door does: load, then check where the chosen backend would send the workspace.
    const env = { XDG_CONFIG_HOME: dir };
    const error = await loadPipeline({ cwd: dir, configFile: file, env })
      .then(({ pipeline }) => checkDestinations(pipeline, chooseBackend(pipeline, {}, env).name, env))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain(file);
    for (const text of expected) expect(message).toContain(text);
    // One clear line per problem: no stack traces or code frames.
    expect(message).not.toMatch(/\n\s+at /);
    expect(message).not.toMatch(/^\s*\d+ \|/m);
    expect((error as ConfigError).exitCode).toBe(2);
  });
});
