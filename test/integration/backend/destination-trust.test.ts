/** A project's config may not send the workspace to a machine the user has not named as theirs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDestinations } from '../../../src/backend/destination-trust.js';
import { ConfigError } from '../../../src/errors.js';
import type { Pipeline } from '../../../src/model/pipeline.js';

type Destinations = Pick<Pipeline, 'engines' | 'registry' | 'source'>;
const source: Pipeline['source'] = { kind: 'file', file: '/project/ci.config.ts' };
const REMOTE = 'tcp://buildbox.example:2376';

describe('where a run may send the workspace', () => {
  let configHome: string;
  let env: Record<string, string>;
  beforeEach(() => {
    configHome = mkdtempSync(path.join(os.tmpdir(), 'localci-trust-'));
    env = { XDG_CONFIG_HOME: configHome };
  });
  afterEach(() => rmSync(configHome, { recursive: true, force: true }));
  const trust = (yaml: string) => {
    mkdirSync(path.join(configHome, 'localci'));
    writeFileSync(path.join(configHome, 'localci', 'config.yaml'), yaml);
  };

  it("refuses a remote engine named only by the project's config, naming the key and the fix", async () => {
    const pipeline: Destinations = { source, engines: [{ host: 'unix:///var/run/docker.sock' }, { host: REMOTE }] };
    const refusal = checkDestinations(pipeline, 'pool', env);
    await expect(refusal).rejects.toThrow(ConfigError);
    await expect(refusal).rejects.toThrow(`/project/ci.config.ts: engines[1].host: \`${REMOTE}\` is another machine`);
    await expect(refusal).rejects.toThrow(path.join(configHome, 'localci', 'config.yaml'));
  });

  it('uses engines on this machine, engines the user lists as trusted, and LOCALCI_ENGINES as written', async () => {
    await expect(checkDestinations({ source, engines: [{ host: 'unix:///run/docker.sock' }, { context: 'buildbox' }] }, 'pool', env)).resolves.toBeUndefined();
    await expect(checkDestinations({ source, engines: [{ host: REMOTE }] }, 'pool', { ...env, LOCALCI_ENGINES: REMOTE })).resolves.toBeUndefined();
    trust(`trustedEngines:\n  - ${REMOTE}\n`);
    await expect(checkDestinations({ source, engines: [{ host: REMOTE }] }, 'pool', env)).resolves.toBeUndefined();
    // The docker backend ignores `engines:` when asked for by name.
    await expect(checkDestinations({ source, engines: [{ host: 'tcp://elsewhere.example:2375' }] }, 'docker', env)).resolves.toBeUndefined();
  });

  it("refuses a swarm registry of the project's choosing unless it is on loopback, listed, or LOCALCI_REGISTRY", async () => {
    const pipeline: Destinations = { source, registry: 'registry.example:5000' };
    await expect(checkDestinations(pipeline, 'swarm', env)).rejects.toThrow('registry: `registry.example:5000` is another machine');
    await expect(checkDestinations({ source, registry: '127.0.0.1:5000' }, 'swarm', env)).resolves.toBeUndefined();
    await expect(checkDestinations({ source, registry: 'localhost:5000' }, 'swarm', env)).resolves.toBeUndefined();
    await expect(checkDestinations(pipeline, 'swarm', { ...env, LOCALCI_REGISTRY: 'mine.example:5000' })).resolves.toBeUndefined();
    trust('trustedRegistries: [registry.example:5000]\n');
    await expect(checkDestinations(pipeline, 'swarm', env)).resolves.toBeUndefined();
  });

  it('shows a hostile address as inert text', async () => {
    const pipeline: Destinations = { source, engines: [{ host: 'tcp://x\u001b]0;owned\u0007:1' }] };
    const error = (await checkDestinations(pipeline, 'pool', env).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message).toContain('\\u001b]0;owned\\u0007');
  });
});
