/** The sentences a Swarm user reads when the cluster or its registry is not ready. */
import { describe, expect, it } from 'vitest';
import { EnvironmentError, UsageError } from '../../../../src/errors.js';
import { noRegistry, noSuitableNode, nodeLost, notAManager } from '../../../../src/backend/swarm/swarm-errors.js';
import { jobImageRepository, registryAddress } from '../../../../src/backend/swarm/registry-address.js';

describe('swarm readiness', () => {
  it('takes a manager of an active swarm', () => {
    expect(notAManager('unix:///var/run/docker.sock', { LocalNodeState: 'active', ControlAvailable: true, Nodes: 2 })).toBeUndefined();
  });

  it('tells an engine outside any swarm to run docker swarm init, with exit 3', () => {
    const error = notAManager('unix:///var/run/docker.sock', { LocalNodeState: 'inactive', ControlAvailable: false });
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toBe("The Docker engine at unix:///var/run/docker.sock is not a swarm manager (swarm state: inactive), so `backend: 'swarm'` has nowhere to run jobs.");
    expect(error?.hint).toContain('`docker swarm init`');
    // An engine too old to say anything about swarms.
    expect(notAManager('tcp://box:2376', undefined)?.message).toContain('(swarm state: inactive)');
  });

  it('sends a worker node to its manager', () => {
    const error = notAManager('tcp://worker:2376', { LocalNodeState: 'active', ControlAvailable: false });
    expect(error?.message).toBe('The Docker engine at tcp://worker:2376 is a worker of its swarm, not a manager: jobs can only be sent to a manager.');
    expect(error?.hint).toContain('manager node');
  });

  it('names both places a registry can be set', () => {
    expect(noRegistry().exitCode).toBe(3);
    expect(noRegistry().hint).toContain('`registry:');
    expect(noRegistry().hint).toContain('LOCALCI_REGISTRY');
  });

  it('says which node and job were lost, and what the job needs when no node fits', () => {
    expect(nodeLost('worker-1', 'unit', 'down').message).toBe('The swarm node worker-1 that ran job "unit" was lost mid-run (node down).');
    expect(noSuitableNode('gpu', ['node.labels.gpu==true'], 'no suitable node').message).toBe('No node of the swarm can run job "gpu" (it needs node.labels.gpu==true): no suitable node.');
  });
});

describe('registry address', () => {
  it('takes LOCALCI_REGISTRY over the config, without a trailing slash', () => {
    expect(registryAddress({ registry: 'config:5000' }, {})).toBe('config:5000');
    expect(registryAddress({ registry: 'config:5000' }, { LOCALCI_REGISTRY: ' env:5000/ ' })).toBe('env:5000');
    expect(registryAddress({}, { LOCALCI_REGISTRY: '' })).toBeUndefined();
  });

  it('refuses a LOCALCI_REGISTRY that is no registry address, with exit 2', () => {
    expect(() => registryAddress({}, { LOCALCI_REGISTRY: 'http://r:5000' })).toThrow(UsageError);
    expect(() => registryAddress({}, { LOCALCI_REGISTRY: 'http://r:5000' })).toThrow('LOCALCI_REGISTRY: `http://r:5000` is not a registry address.');
  });

  it('keeps job images of a project in one lowercase repository', () => {
    expect(jobImageRepository('r:5000', 'My_App-1a2b3c')).toBe('r:5000/localci/my_app-1a2b3c');
  });
});
