/** The one-shot service a job becomes on the swarm. */
import { describe, expect, it } from 'vitest';
import { oneShotSpec, placementConstraints, serviceName } from '../../../../src/backend/swarm/service-spec.js';
import { makeJob } from '../../job-factory.js';

const identity = { runId: '20261203-080059-2a96', projectId: 'app-1a2b3c4d' };

describe('one-shot service spec', () => {
  it('runs one replica, never restarted, labelled with the run, limited and reserved by cpus and memory', () => {
    const job = makeJob('unit', { cpus: 1.5, memoryBytes: 512 * 1024 * 1024, runsOn: ['zone=build', 'gpu=true'] });
    const spec = oneShotSpec('localci-x', { identity, job, image: 'r:5000/localci/app:job-1', command: ['sh', '-c', 'true'], env: { A: '1' } });
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(spec.TaskTemplate).toMatchObject({
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      Resources: { Limits: { NanoCPUs: 1_500_000_000, MemoryBytes: 512 * 1024 * 1024, Pids: 4096 }, Reservations: { NanoCPUs: 1_500_000_000, MemoryBytes: 512 * 1024 * 1024 } },
      Placement: { Constraints: ['node.labels.zone==build', 'node.labels.gpu==true'] },
      ContainerSpec: { Image: 'r:5000/localci/app:job-1', Command: ['sh', '-c', 'true'], Dir: '/workspace', Env: ['A=1'], StopGracePeriod: 0 },
    });
    expect(spec.Labels).toMatchObject({ 'localci.run': identity.runId, 'localci.project': identity.projectId, 'localci.job': 'unit', 'localci.pid': String(process.pid) });
    // No virtual IP: its load balancing needs IPVS on every node.
    expect(spec.EndpointSpec).toEqual({ Mode: 'dnsrr' });
  });

  it('leaves resources to the swarm when the job names none, and gives sidecars none of the job', () => {
    const plain = oneShotSpec('s', { identity, job: makeJob('a'), image: 'i', command: [], env: {} });
    expect(plain.TaskTemplate).toMatchObject({ Resources: { Limits: { Pids: 4096 }, Reservations: {} }, Placement: { Constraints: [] } });
    const sidecar = oneShotSpec('s', { identity, job: makeJob('a', { cpus: 2 }), image: 'i', command: [], env: {}, sidecar: true, healthcheck: 'pg_isready', network: { name: 'n', aliases: ['db'] } });
    expect(sidecar.TaskTemplate).toMatchObject({ Resources: { Reservations: {} }, Networks: [{ Target: 'n', Aliases: ['db'] }], ContainerSpec: { HealthCheck: { Test: ['CMD-SHELL', 'pg_isready'] } } });
    expect((sidecar.TaskTemplate as { ContainerSpec: object }).ContainerSpec).not.toHaveProperty('Dir');
    expect((sidecar.TaskTemplate as { ContainerSpec: object }).ContainerSpec).not.toHaveProperty('Command');
  });

  it('names services within 63 characters the swarm accepts, different for each call', () => {
    const name = serviceName(identity, 'Build: Linux / node 20 (matrix) with a very long name');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9-]+$/);
    expect(name).not.toMatch(/-$/);
    expect(serviceName(identity, 'a')).not.toBe(serviceName(identity, 'a'));
  });

  it('turns each runsOn label into a node label constraint, values with = kept whole', () => {
    expect(placementConstraints({ runsOn: ['os=linux', 'tag=a=b'] })).toEqual(['node.labels.os==linux', 'node.labels.tag==a=b']);
    expect(placementConstraints({})).toEqual([]);
  });
});
