/** Which workspace paths a task on the swarm sends back through its log. */
import { describe, expect, it } from 'vitest';
import { pathsToShip } from '../../../../src/backend/swarm/shipped-files.js';
import { makeJob } from '../../job-factory.js';

describe('paths to ship', () => {
  it('lists artifact bases flagged by when they are wanted, and report files always', () => {
    expect(pathsToShip(makeJob('a', { artifacts: ['dist/', 'out/*.js'], reports: { junit: ['junit.xml'], coverage: 'cov/lcov.info' } }))).toEqual(['sdist', 'sout', 'ajunit.xml', 'acov/lcov.info']);
    expect(pathsToShip(makeJob('a', { artifacts: ['**/*.log'], artifactsWhen: 'on-failure' }))).toEqual(['f']);
  });
});

