/** ci doctor: a matrix of versions missing for one reason is one line, not one per version. */
import { describe, expect, it } from 'vitest';
import { missingGroups } from '../../../src/doctor/image-check.js';

describe('missing image groups', () => {
  it('groups by repository and reason, versions in numeric order', () => {
    const offline = 'dial tcp: lookup registry-1.docker.io: no such host';
    const groups = missingGroups([
      { name: 'node:26', problem: offline },
      { name: 'node:18', problem: offline },
      { name: 'node:9', problem: offline },
      { name: 'postgres:16', problem: offline },
      { name: 'node:22', problem: 'manifest unknown' },
    ]);
    expect(groups).toEqual([
      { names: ['node:9', 'node:18', 'node:26'], problem: offline },
      { names: ['postgres:16'], problem: offline },
      { names: ['node:22'], problem: 'manifest unknown' },
    ]);
  });
});
