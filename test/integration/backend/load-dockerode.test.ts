/**
 * dockerode loaded without its BuildKit session (gRPC) and ssh tunnel (ssh2) until one is
 * called: reads the real module files of node_modules, hence not a unit test.
 */
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadDockerode } from '../../../src/backend/docker/load-dockerode.js';

const load = createRequire(import.meta.url);
const loadedFrom = (pattern: RegExp) => Object.keys(load.cache).filter((file) => pattern.test(file));
const HEAVY = /node_modules\/(ssh2|@grpc|protobufjs)\//;

describe('loadDockerode', () => {
  it('leaves gRPC and ssh2 unloaded, and loads the ssh tunnel on its first use', async () => {
    const Dockerode = await loadDockerode();
    expect(loadedFrom(/node_modules\/dockerode\/lib\/docker\.js$/)).toHaveLength(1);
    expect(loadedFrom(HEAVY)).toEqual([]);

    // An ssh engine: the modem's first request makes its tunnel through the real module.
    const docker = new Dockerode({ protocol: 'ssh', host: 'engine.invalid', username: 'someone' });
    const fromModem = createRequire(createRequire(load.resolve('dockerode')).resolve('docker-modem'));
    const tunnel = fromModem('./ssh') as (options: object) => unknown;
    expect(tunnel({ host: 'engine.invalid' })).toBeInstanceOf(Agent);
    expect(loadedFrom(/node_modules\/ssh2\//).length).toBeGreaterThan(0);
    // The stand-in gave way to the real module.
    expect(fromModem('./ssh')).not.toBe(tunnel);
    expect((docker.modem as unknown as { protocol: string }).protocol).toBe('ssh');
  });
});
