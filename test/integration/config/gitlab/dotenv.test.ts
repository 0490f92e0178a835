/** artifacts: reports: dotenv: which jobs get the variables, and the loader run by a real sh on a real file. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { translate } from '../../../../src/config/import/gitlab/translate.js';
import { Warnings } from '../../../../src/config/import/gitlab/warnings.js';
import { cleanupTempDirs, makeTempDir } from '../../../helpers/tmp-dir.js';

afterEach(cleanupTempDirs);

function run(document: Record<string, unknown>) {
  return translate({ document, fileOf: () => '/p/.gitlab-ci.yml', context: { root: '/nonexistent-root', git: { branch: 'main' }, env: {} }, warnings: new Warnings() });
}

const scriptOf = (config: ReturnType<typeof run>, job: string) => (config.jobs[job]!.steps[0] as { run: string }).run;

describe('dotenv reports', () => {
  it('ship the file as an artifact and load it in the later jobs that receive artifacts from the writer', () => {
    const config = run({
      stages: ['build', 'test'],
      build: { stage: 'build', script: 'echo VERSION=1 > build.env', artifacts: { reports: { dotenv: 'build.env', junit: 'report.xml' } } },
      test: { stage: 'test', script: 'echo $VERSION' },
      isolated: { stage: 'test', script: 'echo', needs: [] },
      picky: { stage: 'test', script: 'echo', dependencies: ['build'] },
      needsOnly: { stage: 'test', script: 'echo', needs: [{ job: 'build', artifacts: false }] },
      none: { stage: 'test', script: 'echo', dependencies: [] },
    });
    expect(config.jobs.build!.artifacts).toEqual({ paths: ['build.env'] });
    expect(scriptOf(config, 'build')).not.toContain('localci_dotenv');
    expect(scriptOf(config, 'test')).toContain("localci_dotenv 'build.env'");
    expect(scriptOf(config, 'picky')).toContain("localci_dotenv 'build.env'");
    expect(scriptOf(config, 'isolated')).not.toContain('localci_dotenv');
    expect(scriptOf(config, 'needsOnly')).not.toContain('localci_dotenv');
    expect(scriptOf(config, 'none')).not.toContain('localci_dotenv');
  });

  it('exports each line as written, never running it, and skips what is not NAME=value', async () => {
    const config = run({ stages: ['a', 'b'], w: { stage: 'a', script: 'x', artifacts: { reports: { dotenv: 'vars.env' } } }, r: { stage: 'b', script: 'x' } });
    const dir = makeTempDir('dotenv');
    writeFileSync(path.join(dir, 'vars.env'), 'VERSION=1.2\r\nCMD=$(touch pwned) `id` "q"\nbad-name=x\n9X=y\nEMPTY=\nno equals\nLAST=end');
    const loader = scriptOf(config, 'r').replace(/\nprintf[\s\S]*$/, '');
    const { stdout } = await execa('sh', ['-ec', `${loader}\nprintf '%s|' "$VERSION" "$CMD" "$EMPTY" "$LAST"`], { cwd: dir });
    expect(stdout).toBe('1.2|$(touch pwned) `id` "q"||end|');
    expect((await execa('ls', [dir])).stdout).not.toContain('pwned');
  });
});
