/** Parse and expand steps of the GitLab importer: YAML, anchors, extends, !reference. */
import { describe, expect, it } from 'vitest';
import { resolveExtends } from '../../../../../src/config/import/gitlab/extends.js';
import { parseGitlabYaml, Reference } from '../../../../../src/config/import/gitlab/parse.js';
import { resolveReferences } from '../../../../../src/config/import/gitlab/reference.js';
import { ConfigError } from '../../../../../src/errors.js';

const fileOf = () => '.gitlab-ci.yml';

describe('parse', () => {
  it('applies merge keys and keeps !reference as a reference', () => {
    const { document } = parseGitlabYaml('.d: &d\n  image: a\n  script: [x]\njob:\n  <<: *d\n  image: b\n  script: !reference [.d, script]\n', 'f');
    expect((document.job as Record<string, unknown>).image).toBe('b');
    expect((document.job as Record<string, unknown>).script).toEqual(new Reference(['.d', 'script']));
  });

  it('reads YAML as GitLab does: a key or an anchor written twice takes the later one', () => {
    const { document } = parseGitlabYaml('.a: &x { image: one }\nfirst: *x\n.b: &x { image: two }\nsecond: *x\nfirst: { image: own }\n', 'f');
    expect(document.first).toEqual({ image: 'own' });
    expect(document.second).toEqual({ image: 'two' });
  });

  it('takes a spec header before the document, and refuses other extra documents', () => {
    const file = parseGitlabYaml('spec:\n  inputs:\n    stage: { default: test }\n---\njob: { script: [x] }\n', 'f');
    expect(file.inputs).toEqual({ stage: { default: 'test' } });
    expect(Object.keys(file.document)).toEqual(['job']);
    expect(() => parseGitlabYaml('a: 1\n---\nb: 2\n', 'ci.yml')).toThrow(/ci.yml: holds more than one YAML document/);
  });

  it('refuses aliases that expand without bound, nested or circular', () => {
    const laughs = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) laughs.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
    expect(() => parseGitlabYaml(laughs.join('\n'), 'ci.yml')).toThrow(/ci.yml: expands to more than .* YAML aliases/);
    expect(() => parseGitlabYaml('loop: &l\n  self: *l\n', 'ci.yml')).toThrow(/expands to more than/);
  });

  it('names file, line and column for bad YAML, and refuses a list at the top', () => {
    expect(() => parseGitlabYaml('a: [', 'ci.yml')).toThrow(/ci.yml: line \d+, column \d+: not valid YAML/);
    expect(() => parseGitlabYaml('- a', 'ci.yml')).toThrow(/must be a mapping/);
  });
});

describe('extends and !reference', () => {
  it('merges multi-level and listed bases in order, mappings deep, lists replaced, own keys last', () => {
    const document = resolveExtends(
      {
        '.a': { variables: { A: '1', B: '1' }, script: ['a'], image: 'a' },
        '.b': { extends: '.a', variables: { B: '2' }, tags: ['b'] },
        '.c': { image: 'c', script: ['c1', 'c2'] },
        job: { extends: ['.b', '.c'], variables: { C: '3' } },
      },
      fileOf,
    );
    expect(document.job).toEqual({ variables: { A: '1', B: '2', C: '3' }, script: ['c1', 'c2'], image: 'c', tags: ['b'] });
  });

  it('refuses a cycle and an unknown base, naming the job', () => {
    expect(() => resolveExtends({ a: { extends: 'b' }, b: { extends: 'a' } }, fileOf)).toThrow(/extends itself through/);
    expect(() => resolveExtends({ a: { extends: '.nope', script: ['x'] } }, fileOf)).toThrow(/`.nope` is not a job/);
  });

  it('replaces references after extends, flattening referenced script lists', () => {
    const document = resolveReferences(
      { '.setup': { script: ['one', 'two'] }, job: { script: [new Reference(['.setup', 'script']), 'three'], image: new Reference(['.img', 'name']) }, '.img': { name: 'alpine' } },
      fileOf,
    );
    expect(document.job).toEqual({ script: ['one', 'two', 'three'], image: 'alpine' });
    expect(() => resolveReferences({ job: { script: new Reference(['.none', 'script']) } }, fileOf)).toThrow(ConfigError);
  });
});
