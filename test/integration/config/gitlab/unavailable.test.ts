/**
 * Jobs the importer lists as not runnable locally: downstream triggers, and what only an unread
 * include defines (the project include is looked for in an empty local stand-in for gitlab.com).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitlabImporter } from '../../../../src/config/import/gitlab/importer.js';
import { gitlabHosts } from '../../../helpers/gitlab-remotes.js';
import { cleanupTempDirs, makeTempDir } from '../../../helpers/tmp-dir.js';

afterEach(cleanupTempDirs);

async function load(files: Record<string, string>) {
  const root = makeTempDir('gitlab');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return gitlabImporter.load({ files: [path.join(root, '.gitlab-ci.yml')], context: { root, git: { branch: 'main' }, env: gitlabHosts().env } });
}

const PIPELINE = `
include:
  - template: Security/SAST.gitlab-ci.yml
  - project: group/ci-templates
    file: /templates/node.yml
build:
  script: [make]
sast-extra:
  extends: .sast-analyzer
lint:
  extends: .node-base
  script: [npm run lint]
report:
  script: [cat report]
  needs: [lint]
optional-report:
  script: [echo ok]
  needs: [{ job: sast-extra, optional: true }, build]
setup:
  script:
    - !reference [.node-setup, script]
deploy-app:
  trigger: group/deployer
after-deploy:
  script: [echo]
  needs: [deploy-app]
`;

describe('jobs not runnable locally', () => {
  it('plans what is local, lists the rest with the reason, and warns once per include', async () => {
    const result = await load({ '.gitlab-ci.yml': PIPELINE });
    expect(Object.keys(result.config.jobs).sort()).toEqual(['build', 'optional-report']);
    expect(result.config.jobs['optional-report']?.needs).toEqual(['build']);
    const reasons = Object.fromEntries((result.unavailable ?? []).map((job) => [job.name, job.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['after-deploy', 'deploy-app', 'lint', 'report', 'sast-extra', 'setup']);
    expect(reasons['sast-extra']).toBe('extends `.sast-analyzer`, which no file read defines (not read: template Security/SAST.gitlab-ci.yml, project group/ci-templates:/templates/node.yml)');
    expect(reasons.setup).toMatch(/^!reference \[\.node-setup, script\] points at nothing the files read define/);
    expect(reasons.report).toBe('needs `lint`, which is not runnable locally');
    expect(reasons['deploy-app']).toBe('trigger: starts a downstream pipeline (group/deployer), which is not run locally');
    expect(result.warnings.filter((warning) => warning.path[0] === 'include').map((warning) => warning.path)).toEqual([
      ['include', 0],
      ['include', 1],
    ]);
  });

  it('still refuses an unknown base when every include was read: that is a mistake in the file', async () => {
    await expect(load({ '.gitlab-ci.yml': 'job:\n  extends: .nowhere\n' })).rejects.toThrow(/`\.nowhere` is not a job or hidden job to extend/);
  });
});
