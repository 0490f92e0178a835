/** What a Swarm needs in the config: the registry, and per job CPUs and node labels. */
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { normalize } from '../../../src/config/normalize.js';
import type { PipelineConfig } from '../../../src/config/types.js';

function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    parseConfig(raw, 'ci.config.ts', []);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

const job = (extra: Record<string, unknown> = {}) => ({ image: 'node:20', steps: ['true'], ...extra });

describe('swarm config', () => {
  it('accepts a registry, CPUs and node labels', () => {
    expect(issuesOf({ backend: 'swarm', registry: 'registry.internal:5000', jobs: { a: job({ cpus: 0.5, runsOn: ['zone=build', 'gpu=true'] }) } })).toEqual([]);
    expect(issuesOf({ registry: '10.0.0.1:5000/team', jobs: { a: job() } })).toEqual([]);
  });

  it('names the key and says how to write each value', () => {
    const issues = issuesOf({ registry: 'https://registry:5000', jobs: { a: job({ cpus: 0, runsOn: ['gpu'] }), b: job({ cpus: -1, runsOn: ['zone = x'] }) } });
    expect(issues.map((issue) => [issue.path, issue.message, issue.hint])).toEqual([
      ['jobs.a.cpus', '`0` is not a number of CPUs', 'write a positive number, such as 2 or 0.5'],
      ['jobs.a.runsOn[0]', '`gpu` is not a node label', "write `key=value`, such as 'gpu=true' or 'zone=build'"],
      ['jobs.b.cpus', '`-1` is not a number of CPUs', 'write a positive number, such as 2 or 0.5'],
      ['jobs.b.runsOn[0]', '`zone = x` is not a node label', "write `key=value`, such as 'gpu=true' or 'zone=build'"],
      ['registry', '`https://registry:5000` is not a registry address', "write it as an image name starts, such as 'registry.internal:5000' (no scheme, no tag)"],
    ]);
  });

  it('carries them into the pipeline model', () => {
    const config: PipelineConfig = { registry: 'r:5000', jobs: { a: job({ cpus: 2, runsOn: ['zone=build'] }), b: job() } };
    const pipeline = normalize(config, { root: '/p', projectName: 'p', source: { kind: 'file', file: '/p/ci.config.ts' } });
    expect(pipeline.registry).toBe('r:5000');
    expect(pipeline.jobs[0]).toMatchObject({ cpus: 2, runsOn: ['zone=build'] });
    expect(pipeline.jobs[1]).not.toHaveProperty('cpus');
    expect(pipeline.jobs[1]).not.toHaveProperty('runsOn');
  });
});
