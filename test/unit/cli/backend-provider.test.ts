import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/cli/backend-provider.js';
import { parseEngineList, poolEngines } from '../../../src/backend/pool/engine-list.js';
import { UsageError } from '../../../src/errors.js';

describe('chooseBackend', () => {
  it('takes --backend, then LOCALCI_BACKEND, then the config, then docker', () => {
    expect(chooseBackend({}, {}, {})).toEqual({ name: 'docker', from: 'default' });
    expect(chooseBackend({ backend: 'docker' }, {}, {})).toEqual({ name: 'docker', from: 'config' });
    expect(chooseBackend({ backend: 'docker' }, {}, { LOCALCI_BACKEND: 'docker' })).toEqual({ name: 'docker', from: 'LOCALCI_BACKEND' });
    expect(chooseBackend({ backend: 'docker' }, { backend: 'docker' }, { LOCALCI_BACKEND: 'nope' })).toEqual({ name: 'docker', from: '--backend' });
  });

  it('knows the swarm by each of its three names', () => {
    expect(chooseBackend({ backend: 'swarm' }, {}, {})).toEqual({ name: 'swarm', from: 'config' });
    expect(chooseBackend({}, {}, { LOCALCI_BACKEND: 'swarm' })).toEqual({ name: 'swarm', from: 'LOCALCI_BACKEND' });
    expect(chooseBackend({}, { backend: 'swarm' }, {})).toEqual({ name: 'swarm', from: '--backend' });
  });

  it('refuses a name it does not know, saying where it came from and what there is', () => {
    expect(() => chooseBackend({}, { backend: 'kubernetes' }, {})).toThrow(UsageError);
    expect(() => chooseBackend({}, { backend: 'kubernetes' }, {})).toThrow('Unknown backend "kubernetes" (from --backend).');
    expect(() => chooseBackend({}, {}, { LOCALCI_BACKEND: 'swam' })).toThrow('Unknown backend "swam" (from LOCALCI_BACKEND).');
    try {
      chooseBackend({}, {}, { LOCALCI_BACKEND: 'swam' });
    } catch (error) {
      expect((error as UsageError).hint).toMatch(/^localci runs jobs with: docker/);
    }
  });

  it('chooses the pool when engines are listed and nothing else is asked for', () => {
    const engines = [{ host: 'tcp://buildbox:2375' }];
    expect(chooseBackend({ engines }, {}, {})).toEqual({ name: 'pool', from: 'engines' });
    expect(chooseBackend({}, {}, { LOCALCI_ENGINES: 'tcp://buildbox:2375' })).toEqual({ name: 'pool', from: 'engines' });
    expect(chooseBackend({ engines, backend: 'docker' }, {}, {})).toEqual({ name: 'docker', from: 'config' });
    expect(chooseBackend({ engines }, { backend: 'docker' }, {})).toEqual({ name: 'docker', from: '--backend' });
  });
});

describe('LOCALCI_ENGINES', () => {
  it('lists addresses and docker context names, each with optional slots, and wins over the config', () => {
    expect(parseEngineList(' unix:///var/run/docker.sock*2, tcp://10.0.0.5:2375*8 ,buildbox,')).toEqual([
      { host: 'unix:///var/run/docker.sock', slots: 2 },
      { host: 'tcp://10.0.0.5:2375', slots: 8 },
      { context: 'buildbox' },
    ]);
    expect(poolEngines({ engines: [{ context: 'a' }] }, { LOCALCI_ENGINES: 'b' })).toEqual({ engines: [{ context: 'b' }], from: 'LOCALCI_ENGINES' });
    expect(poolEngines({ engines: [{ context: 'a' }] }, {})).toEqual({ engines: [{ context: 'a' }], from: 'config' });
    expect(poolEngines({}, { LOCALCI_ENGINES: ' ' })).toBeUndefined();
  });

  it('refuses slots that are not a whole number and addresses of unknown kinds, naming the item', () => {
    expect(() => parseEngineList('tcp://a:2375*0')).toThrow(UsageError);
    expect(() => parseEngineList('tcp://a:2375*two')).toThrow('LOCALCI_ENGINES: `tcp://a:2375*two` has `two` slots.');
    expect(() => parseEngineList('http://a:2375')).toThrow('LOCALCI_ENGINES: `http://a:2375` is not an engine address.');
    expect(() => parseEngineList('*4')).toThrow('names no engine');
  });
});
