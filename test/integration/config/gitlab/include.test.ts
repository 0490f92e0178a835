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

  it('reads remote, project and template includes only from --include-dir, else says how', () => {
    const root = project({ '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/ci/shared.yml\n  - template: Jobs/Build.gitlab-ci.yml\n' });
    const main = path.join(root, '.gitlab-ci.yml');
    expect(() => resolveIncludes(main, { root, warnings: new Warnings() })).toThrow(/cannot be fetched.*--include-dir/s);
    const copies = project({ 'shared.yml': 'remote-job: { script: [r] }\n', 'Jobs/Build.gitlab-ci.yml': 'tpl-job: { script: [t] }\n' });
    const result = resolveIncludes(main, { root, includeDir: copies, warnings: new Warnings() });
    expect(Object.keys(result.document)).toEqual(expect.arrayContaining(['remote-job', 'tpl-job']));
  });
});

