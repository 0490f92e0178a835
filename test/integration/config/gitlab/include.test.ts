/**
 * Expand step of the GitLab importer on real files: local includes, wildcards, --include-dir,
 * refusals, and project and remote includes fetched from a local bare repository and a loopback
 * HTTP server (never the internet) into a cache folder of the test's own.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIncludes, type IncludeContext } from '../../../../src/config/import/gitlab/include.js';
import { Warnings } from '../../../../src/config/import/gitlab/warnings.js';
import { closeIncludeServers, gitlabHosts, includeServer } from '../../../helpers/gitlab-remotes.js';
import { cleanupTempDirs, makeTempDir } from '../../../helpers/tmp-dir.js';

afterEach(async () => {
  await closeIncludeServers();
  await cleanupTempDirs();
});

/** Includes of `root`'s main file, read with `env` (nothing fetched unless it points git and the cache somewhere). */
function includes(root: string, extra: Partial<IncludeContext> = {}) {
  return resolveIncludes(path.join(root, '.gitlab-ci.yml'), { root, warnings: new Warnings(), git: {}, env: {}, ...extra });
}

function project(files: Record<string, string>): string {
  const root = makeTempDir('gitlab');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('include', () => {
  it('merges local includes (wildcards, nested) under the including file, which wins', async () => {
    const root = project({
      '.gitlab-ci.yml': 'include:\n  - local: ci/*.yml\n  - /more/deep.yml\nvariables: { A: main }\n',
      'ci/a.yml': 'variables: { A: a, B: a }\njob-a: { script: [a] }\n',
      'ci/b.yml': 'variables: { B: b }\n',
      'more/deep.yml': 'include: { local: more/deeper.yml }\n',
      'more/deeper.yml': 'job-d: { script: [d] }\n',
    });
    const result = await includes(root);
    expect(result.document.variables).toEqual({ A: 'main', B: 'b' });
    expect(Object.keys(result.document)).toEqual(expect.arrayContaining(['job-a', 'job-d']));
    expect(result.files.map((file) => path.relative(root, file))).toEqual(['.gitlab-ci.yml', 'ci/a.yml', 'ci/b.yml', 'more/deep.yml', 'more/deeper.yml']);
    expect(result.origin.get('job-d')).toBe(path.join(root, 'more/deeper.yml'));
  });

  it('refuses cycles, paths outside the project and links out of it', async () => {
    const loop = project({ '.gitlab-ci.yml': 'include: a.yml\n', 'a.yml': 'include: .gitlab-ci.yml\n' });
    await expect(includes(loop)).rejects.toThrow(/includes itself/);
    const out = project({ '.gitlab-ci.yml': 'include: ../x.yml\n' });
    await expect(includes(out)).rejects.toThrow(/outside the project/);
    const linked = project({ '.gitlab-ci.yml': 'include: link.yml\n' });
    symlinkSync('/etc/hostname', path.join(linked, 'link.yml'));
    await expect(includes(linked)).rejects.toThrow(/through a link/);
  });

  it('reads remote, project, template and component includes from --include-dir, else plans without them, one warning each', async () => {
    const hosts = gitlabHosts();
    const server = await includeServer({});
    const root = project({
      '.gitlab-ci.yml': `include:\n  - remote: ${server.base}/ci/shared.yml\n  - template: Jobs/Build.gitlab-ci.yml\n  - project: group/tools\n    file: [/ci/a.yml, /ci/b.yml]\n  - component: gitlab.com/group/comp/lint@1.0\nlocal-job: { script: [l] }\n`,
    });
    const main = path.join(root, '.gitlab-ci.yml');
    const offline = new Warnings();
    const planned = await includes(root, { warnings: offline, env: hosts.env });
    expect(Object.keys(planned.document)).toEqual(['local-job']);
    expect(planned.missing).toEqual([`${server.base}/ci/shared.yml`, 'template Jobs/Build.gitlab-ci.yml', 'project group/tools:/ci/a.yml', 'project group/tools:/ci/b.yml', 'component gitlab.com/group/comp/lint@1.0']);
    expect(offline.list).toHaveLength(5);
    expect(offline.list[0]!.message).toMatch(/^not read: http:\/\/127\.0\.0\.1:\d+\/ci\/shared\.yml \(could not fetch it: the server answered 404\).*save a copy as shared\.yml/);
    expect(offline.list[1]).toMatchObject({ file: main, path: ['include', 1] });
    expect(offline.list[1]!.message).toMatch(/^not read: template Jobs\/Build\.gitlab-ci\.yml \(templates come with a GitLab server and are not fetched\).*save a copy as Jobs\/Build\.gitlab-ci\.yml .*--include-dir/);
    expect(offline.list[2]!.message).toMatch(/^not read: project group\/tools:\/ci\/a\.yml \(could not fetch it: .+\).*save a copy as group\/tools\/ci\/a\.yml/);
    const copies = project({
      'shared.yml': 'remote-job: { script: [r] }\n',
      'Jobs/Build.gitlab-ci.yml': 'tpl-job: { script: [t] }\n',
      'group/tools/ci/a.yml': 'a-job: { script: [a] }\n',
      'gitlab.com/group/comp/lint/template.yml': 'spec:\n  inputs:\n    stage: { default: test }\n---\nlint-job:\n  stage: $[[ inputs.stage ]]\n  script: [c]\n',
    });
    const warnings = new Warnings();
    const result = await includes(root, { includeDir: copies, warnings, env: hosts.env });
    expect(Object.keys(result.document).sort()).toEqual(['a-job', 'lint-job', 'local-job', 'remote-job', 'tpl-job']);
    expect(result.missing).toEqual(['project group/tools:/ci/b.yml']);
    expect(warnings.list[0]!.message).toMatch(/no copy in .*; could not fetch it/);
    expect(result.document['lint-job']).toEqual({ stage: 'test', script: ['c'] });
  });

  it('fetches project and remote includes into the user cache once, the project\'s own local includes from its files, and keeps the copy when the source is gone', async () => {
    const hosts = gitlabHosts();
    const sha = await hosts.addProject('group/tools', { 'ci/a.yml': 'include: { local: /ci/nested.yml }\na-job: { script: [a] }\n', 'ci/nested.yml': 'nested-job: { script: [n] }\n' }, { tag: 'v1' });
    const server = await includeServer({ '/ci/shared.yml': 'remote-job: { script: [r] }\n' });
    const root = project({
      '.gitlab-ci.yml': `include:\n  - remote: ${server.base}/ci/shared.yml\n  - project: group/tools\n    ref: v1\n    file: /ci/a.yml\n  - project: group/tools\n    file: /ci/missing.yml\nlocal-job: { script: [l] }\n`,
      'ci/nested.yml': 'not-this-one: { script: [x] }\n',
    });
    const first = await includes(root, { env: hosts.env });
    expect(Object.keys(first.document).sort()).toEqual(['a-job', 'local-job', 'nested-job', 'remote-job']);
    expect(first.missing).toEqual(['project group/tools:/ci/missing.yml']);
    const projectDir = path.join(hosts.cache, 'localci', 'gitlab', 'projects', 'gitlab.com', 'group%2Ftools', 'v1', sha);
    expect(first.files).toContain(path.join(projectDir, 'ci', 'nested.yml'));
    expect(server.requests).toEqual(['/ci/shared.yml']);

    // Within a day the copies are used as they are: no request, no git.
    rmSync(path.join(hosts.dir, 'group'), { recursive: true });
    const warnings = new Warnings();
    const again = await includes(root, { env: hosts.env, warnings });
    expect(Object.keys(again.document).sort()).toEqual(['a-job', 'local-job', 'nested-job', 'remote-job']);
    expect(server.requests).toHaveLength(1);
    expect(warnings.list.map((warning) => warning.message).join('\n')).not.toMatch(/fetched \d{4}-/);

    // Asked to look again with the project gone: the copy is read, with a note.
    const refreshed = new Warnings();
    const stale = await includes(root, { env: { ...hosts.env, LOCALCI_INCLUDES: 'refresh' }, warnings: refreshed });
    expect(Object.keys(stale.document)).toContain('a-job');
    expect(refreshed.list.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/^project group\/tools:\/ci\/a\.yml@v1: could not look v1 up again \(.+\); using the copy fetched 20/));
    expect(server.requests).toHaveLength(2);
  });

  it('fetches a component at a release, ~latest or a partial version, from the project\'s templates folder, with its inputs', async () => {
    const hosts = gitlabHosts();
    const template = (version: string) => `spec:\n  inputs:\n    stage: { default: test }\n---\n"lint-${version}":\n  stage: $[[ inputs.stage ]]\n  script: [lint]\n`;
    await hosts.addProject('group/comp', { 'templates/lint/template.yml': template('1.0.0'), 'templates/fmt.yml': 'fmt: { script: [fmt] }\n' }, { tag: '1.0.0' });
    await hosts.release('group/comp', { 'templates/lint/template.yml': template('1.2.0') }, '1.2.0');
    await hosts.release('group/comp', { 'templates/lint/template.yml': template('2.0.0') }, '2.0.0-rc.1');
    const root = project({
      '.gitlab-ci.yml': [
        'include:',
        '  - component: $CI_SERVER_FQDN/group/comp/lint@~latest',
        '    inputs: { stage: check }',
        '  - component: gitlab.com/group/comp/fmt@1',
        '  - component: gitlab.com/group/comp/lint@1.0.0',
        '  - component: gitlab.com/group/comp/missing@1.0.0',
        '  - component: gitlab.com/group/comp/lint@3',
        '',
      ].join('\n'),
    });
    const warnings = new Warnings();
    const result = await includes(root, { env: hosts.env, warnings });
    expect(Object.keys(result.document).sort()).toEqual(['fmt', 'lint-1.0.0', 'lint-1.2.0']);
    expect(result.document['lint-1.2.0']).toEqual({ stage: 'check', script: ['lint'] });
    expect(result.missing).toEqual(['component gitlab.com/group/comp/missing@1.0.0', 'component gitlab.com/group/comp/lint@3']);
    expect(warnings.list.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^not read: component gitlab\.com\/group\/comp\/missing@1\.0\.0 \(could not fetch it: group\/comp has no templates\/missing\.yml or templates\/missing\/template\.yml at 1\.0\.0\)/),
      expect.stringMatching(/^not read: component gitlab\.com\/group\/comp\/lint@3 \(could not fetch it: no release tag fits 3\)/),
    ]);
  });

  it('refuses a fetched project file that leads out through a link, and does not fetch a URL with credentials', async () => {
    const hosts = gitlabHosts();
    await hosts.addProject('group/evil', { 'ok.yml': 'j: { script: [x] }\n' }, { links: { 'leak.yml': '/etc/hostname' } });
    const escape = project({ '.gitlab-ci.yml': 'include:\n  - project: group/evil\n    file: /../../../../../etc/hostname\n' });
    await expect(includes(escape, { env: hosts.env })).rejects.toThrow(/outside the files it names/);
    const leak = project({ '.gitlab-ci.yml': 'include:\n  - project: group/evil\n    file: leak.yml\n' });
    await expect(includes(leak, { env: hosts.env })).rejects.toThrow(/leak\.yml leads out through a link/);
    const secret = project({ '.gitlab-ci.yml': 'include:\n  - remote: http://user:token@127.0.0.1:9/x.yml\nj: { script: [x] }\n' });
    const warnings = new Warnings();
    await includes(secret, { env: hosts.env, warnings });
    expect(warnings.list[0]!.message).toMatch(/a URL with a user or password is not fetched/);
    expect(JSON.stringify(warnings.list)).not.toContain('token@');
  });

  it('passes include inputs into a file with a spec header, a whole value keeping its type', async () => {
    const root = project({
      '.gitlab-ci.yml': 'include:\n  - local: ci/job.yml\n    inputs: { name: unit, retries: 2, args: [--ci, --silent] }\n',
      'ci/job.yml':
        'spec:\n  inputs:\n    name:\n    retries: { default: 0 }\n    args: { default: [] }\n    image: { default: node:20-alpine }\n---\n"test-$[[ inputs.name ]]":\n  image: $[[ inputs.image | truncate(0, 7) ]]\n  retry: $[[ inputs.retries ]]\n  script:\n    - npm test -- $[[ inputs.args ]]\n',
    });
    const result = await includes(root);
    expect(result.document['test-unit']).toEqual({ image: 'node:20', retry: 2, script: ['npm test -- ["--ci","--silent"]'] });
    const missing = project({ '.gitlab-ci.yml': 'include: { local: ci/job.yml }\n', 'ci/job.yml': 'spec:\n  inputs:\n    name:\n---\nj: { script: [x] }\n' });
    await expect(includes(missing)).rejects.toThrow(/input `name` has no default and is not given/);
  });
});

