/** Expand step of the GitLab importer on real files: local includes, wildcards, --include-dir, refusals. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIncludes } from '../../../../src/config/import/gitlab/include.js';
import { Warnings } from '../../../../src/config/import/gitlab/warnings.js';
import { cleanupTempDirs, makeTempDir } from '../../../helpers/tmp-dir.js';

afterEach(cleanupTempDirs);

function project(files: Record<string, string>): string {
  const root = makeTempDir('gitlab');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('include', () => {
  it('merges local includes (wildcards, nested) under the including file, which wins', () => {
    const root = project({
      '.gitlab-ci.yml': 'include:\n  - local: ci/*.yml\n  - /more/deep.yml\nvariables: { A: main }\n',
      'ci/a.yml': 'variables: { A: a, B: a }\njob-a: { script: [a] }\n',
      'ci/b.yml': 'variables: { B: b }\n',
      'more/deep.yml': 'include: { local: more/deeper.yml }\n',
      'more/deeper.yml': 'job-d: { script: [d] }\n',
    });
    const warnings = new Warnings();
    const result = resolveIncludes(path.join(root, '.gitlab-ci.yml'), { root, warnings });
    expect(result.document.variables).toEqual({ A: 'main', B: 'b' });
    expect(Object.keys(result.document)).toEqual(expect.arrayContaining(['job-a', 'job-d']));
    expect(result.files.map((file) => path.relative(root, file))).toEqual(['.gitlab-ci.yml', 'ci/a.yml', 'ci/b.yml', 'more/deep.yml', 'more/deeper.yml']);
    expect(result.origin.get('job-d')).toBe(path.join(root, 'more/deeper.yml'));
  });

  it('refuses cycles, paths outside the project and links out of it', () => {
    const loop = project({ '.gitlab-ci.yml': 'include: a.yml\n', 'a.yml': 'include: .gitlab-ci.yml\n' });
    expect(() => resolveIncludes(path.join(loop, '.gitlab-ci.yml'), { root: loop, warnings: new Warnings() })).toThrow(/includes itself/);
    const out = project({ '.gitlab-ci.yml': 'include: ../x.yml\n' });
    expect(() => resolveIncludes(path.join(out, '.gitlab-ci.yml'), { root: out, warnings: new Warnings() })).toThrow(/outside the project/);
    const linked = project({ '.gitlab-ci.yml': 'include: link.yml\n' });
    symlinkSync('/etc/hostname', path.join(linked, 'link.yml'));
    expect(() => resolveIncludes(path.join(linked, '.gitlab-ci.yml'), { root: linked, warnings: new Warnings() })).toThrow(/through a link/);
  });

  it('reads remote, project, template and component includes from --include-dir, else plans without them, one warning each', () => {
    const root = project({
      '.gitlab-ci.yml':
        'include:\n  - remote: https://example.com/ci/shared.yml\n  - template: Jobs/Build.gitlab-ci.yml\n  - project: group/tools\n    file: [/ci/a.yml, /ci/b.yml]\n  - component: gitlab.example/group/comp/lint@1.0\nlocal-job: { script: [l] }\n',
    });
    const main = path.join(root, '.gitlab-ci.yml');
    const offline = new Warnings();
    const planned = resolveIncludes(main, { root, warnings: offline });
    expect(Object.keys(planned.document)).toEqual(['local-job']);
    expect(planned.missing).toEqual(['https://example.com/ci/shared.yml', 'template Jobs/Build.gitlab-ci.yml', 'project group/tools:/ci/a.yml', 'project group/tools:/ci/b.yml', 'component gitlab.example/group/comp/lint@1.0']);
    expect(offline.list).toHaveLength(5);
    expect(offline.list[1]).toMatchObject({ file: main, path: ['include', 1] });
    expect(offline.list[1]!.message).toMatch(/^not read: template Jobs\/Build\.gitlab-ci\.yml \(localci does not fetch includes\).*save a copy as Jobs\/Build\.gitlab-ci\.yml .*--include-dir/);
    const copies = project({
      'shared.yml': 'remote-job: { script: [r] }\n',
      'Jobs/Build.gitlab-ci.yml': 'tpl-job: { script: [t] }\n',
      'group/tools/ci/a.yml': 'a-job: { script: [a] }\n',
      'gitlab.example/group/comp/lint/template.yml': 'spec:\n  inputs:\n    stage: { default: test }\n---\nlint-job:\n  stage: $[[ inputs.stage ]]\n  script: [c]\n',
    });
    const warnings = new Warnings();
    const result = resolveIncludes(main, { root, includeDir: copies, warnings });
    expect(Object.keys(result.document).sort()).toEqual(['a-job', 'lint-job', 'local-job', 'remote-job', 'tpl-job']);
    expect(result.missing).toEqual(['project group/tools:/ci/b.yml']);
    expect(warnings.list[0]!.message).toMatch(/no copy in /);
    expect(result.document['lint-job']).toEqual({ stage: 'test', script: ['c'] });
  });

  it('passes include inputs into a file with a spec header, a whole value keeping its type', () => {
    const root = project({
      '.gitlab-ci.yml': 'include:\n  - local: ci/job.yml\n    inputs: { name: unit, retries: 2, args: [--ci, --silent] }\n',
      'ci/job.yml':
        'spec:\n  inputs:\n    name:\n    retries: { default: 0 }\n    args: { default: [] }\n    image: { default: node:20-alpine }\n---\n"test-$[[ inputs.name ]]":\n  image: $[[ inputs.image | truncate(0, 7) ]]\n  retry: $[[ inputs.retries ]]\n  script:\n    - npm test -- $[[ inputs.args ]]\n',
    });
    const result = resolveIncludes(path.join(root, '.gitlab-ci.yml'), { root, warnings: new Warnings() });
    expect(result.document['test-unit']).toEqual({ image: 'node:20', retry: 2, script: ['npm test -- ["--ci","--silent"]'] });
    const missing = project({ '.gitlab-ci.yml': 'include: { local: ci/job.yml }\n', 'ci/job.yml': 'spec:\n  inputs:\n    name:\n---\nj: { script: [x] }\n' });
    expect(() => resolveIncludes(path.join(missing, '.gitlab-ci.yml'), { root: missing, warnings: new Warnings() })).toThrow(/input `name` has no default and is not given/);
  });
});

