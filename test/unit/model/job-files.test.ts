import { describe, expect, it } from 'vitest';
import { jobArtifactsDir, jobFileName, jobLogFile } from '../../../src/model/job-files.js';

describe('jobFileName', () => {
  it('keeps names made of safe characters as they are', () => {
    for (const name of ['build', 'unit (node=18)', 'a b', 'a_b', 'e2e-tests', 'lint.ts', 'deploy@eu,us+1']) expect(jobFileName(name)).toBe(name);
  });

  it('gives every other name a hash of the whole name, so no two names share a file', () => {
    const names = ['a/b', 'a:b', 'a~b', 'a\\b', 'ünï', '.', '..', 'a'.repeat(300), `${'a'.repeat(100)}b`];
    const files = names.map(jobFileName);
    expect(new Set([...files, 'a_b', 'a b']).size).toBe(names.length + 2);
    for (const file of files) {
      expect(file).toMatch(/^[\w .,=()@+-]+~[0-9a-f]{10}$/);
      expect(file.length).toBeLessThanOrEqual(111);
    }
    expect(jobFileName('a/b')).toBe(jobFileName('a/b'));
  });

  it('places logs and artifacts inside the run folder, whatever the name', () => {
    for (const name of ['.', '..', '../x', '/etc']) {
      expect(jobLogFile('/runs/r1', name).startsWith('/runs/r1/')).toBe(true);
      expect(jobArtifactsDir('/runs/r1', name).startsWith('/runs/r1/artifacts/')).toBe(true);
      expect(jobArtifactsDir('/runs/r1', name)).not.toBe('/runs/r1/artifacts');
    }
  });
});
