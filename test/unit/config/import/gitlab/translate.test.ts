/** Translate step of the GitLab importer: expressions, variables, parallel names, jobs and the pipeline. */
import { describe, expect, it } from 'vitest';
import { evaluateIf } from '../../../../../src/config/import/gitlab/expression.js';
import { gitlabSeconds } from '../../../../../src/config/import/gitlab/job-control.js';
import { instancesOf } from '../../../../../src/config/import/gitlab/parallel.js';
import { resolveExtends, type KeyOwners } from '../../../../../src/config/import/gitlab/extends.js';
import { translate } from '../../../../../src/config/import/gitlab/translate.js';
import { Reference } from '../../../../../src/config/import/gitlab/parse.js';
import { resolveReferences } from '../../../../../src/config/import/gitlab/reference.js';
import { layerVariables, readVariables } from '../../../../../src/config/import/gitlab/variables.js';
import { Warnings } from '../../../../../src/config/import/gitlab/warnings.js';
import type { GitFacts } from '../../../../../src/config/import/importer.js';
import { NoPipelineError } from '../../../../../src/errors.js';

function run(document: Record<string, unknown>, git: GitFacts = { branch: 'main', commit: 'a'.repeat(40), defaultBranch: 'main' }) {
  const warnings = new Warnings();
  const config = translate({ document, fileOf: () => '/p/.gitlab-ci.yml', context: { root: '/nonexistent-root', git, env: {} }, warnings });
  return { config, warnings: warnings.list.map((warning) => `${warning.path.join('.')}: ${warning.message}`) };
}

describe('rules: if expressions', () => {
  const vars = { BRANCH: 'main', EMPTY: '', PATTERN: '/^rel/' };
  it.each([
    ['$BRANCH == "main"', true],
    ["$BRANCH != 'main'", false],
    ['$BRANCH =~ /^ma/', true],
    ['$BRANCH !~ /^ma/', false],
    ['$BRANCH', true],
    ['$EMPTY', false],
    ['$UNSET == null', true],
    ['$EMPTY == null', false],
    ['($BRANCH == "x" || $BRANCH == "main") && $UNSET == null', true],
    ['"release-1" =~ $PATTERN', true],
    ['$BRANCH == "x" || $EMPTY', false],
  ])('%s → %s', (expression, expected) => {
    expect(evaluateIf(expression, vars)).toBe(expected);
  });

  it('refuses what it cannot read', () => {
    expect(() => evaluateIf('$A === "x"', {})).toThrow();
    expect(() => evaluateIf('($A', {})).toThrow(/not closed/);
  });
});

describe('variables', () => {
  it('expands nested references, keeps expand: false and $$ literal', () => {
    const out = layerVariables({ HOST: 'db' }, readVariables({ URL: 'http://${HOST}:$PORT/$NAME', PORT: 5432, NAME: '$$literal', RAW: { value: '$HOST', expand: false } }));
    expect(out).toMatchObject({ URL: 'http://db:5432/$literal', PORT: '5432', NAME: '$literal', RAW: '$HOST' });
  });
});

describe('parallel', () => {
  it('names instances as GitLab does, with node index and total', () => {
    expect(instancesOf('test', 3, 'f').map((instance) => instance.name)).toEqual(['test 1/3', 'test 2/3', 'test 3/3']);
    const matrix = instancesOf('deploy', { matrix: [{ PROVIDER: 'aws', STACK: ['a', 'b'] }, { PROVIDER: 'gcp' }] }, 'f');
    expect(matrix.map((instance) => instance.name)).toEqual(['deploy: [aws, a]', 'deploy: [aws, b]', 'deploy: [gcp]']);
    expect(matrix[1]?.variables).toEqual({ PROVIDER: 'aws', STACK: 'b', CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' });
    expect(() => instancesOf('x', 0, 'f')).toThrow(/not a number of instances/);
  });
});

describe('durations', () => {
  it('reads GitLab human durations', () => {
    expect(gitlabSeconds('1h 30m')).toBe(5400);
    expect(gitlabSeconds('3 hours')).toBe(10_800);
    expect(gitlabSeconds('10 minutes 5 seconds')).toBe(605);
    expect(gitlabSeconds('soon')).toBeUndefined();
  });
});

describe('translate', () => {
  it('turns stages, defaults, scripts, variables and keys into localci jobs', () => {
    const { config, warnings } = run({
      stages: ['build', 'test'],
      variables: { GLOBAL: 'g', URL: '$GLOBAL/x' },
      default: { image: 'node:20', before_script: ['export A=1'], after_script: ['echo done'], tags: ['x'] },
      build: {
        stage: 'build',
        script: ['make', ['nested']],
        artifacts: { paths: ['dist/'], exclude: ['dist/*.map'], when: 'always', expire_in: '1d' },
        cache: { key: { files: ['package-lock.json'], prefix: 'npm' }, paths: ['.npm/'], policy: 'pull' },
        image: { name: 'alpine:3', entrypoint: [''], pull_policy: 'if-not-present' },
        services: [{ name: 'postgres:16', variables: { POSTGRES_PASSWORD: 'x' } }, { name: 'registry.local/group/redis:7', alias: 'cache', command: ['redis-server'] }],
        timeout: '1h 30m',
        retry: { max: 2, when: ['script_failure', 'runner_system_failure'] },
        allow_failure: { exit_codes: [3, 4] },
        interruptible: true,
      },
      test: { script: 'npm test', needs: [{ job: 'build', artifacts: false }, { job: 'gone', optional: true }], when: 'manual', inherit: { default: false } },
      '.hidden': { script: ['x'] },
    });
    expect(config.stages).toEqual(['.pre', 'build', 'test', '.post']);
    const build = config.jobs.build!;
    expect(build.steps).toHaveLength(2);
    expect(build.steps[1]).toMatchObject({ name: 'after_script', when: 'always', allowFailure: true });
    const script = (build.steps[0] as { run: string }).run;
    expect(script.indexOf('export A=1')).toBeLessThan(script.indexOf('\nmake'));
    expect(script).toContain('nested');
    expect(build).toMatchObject({
      stage: 'build',
      image: 'alpine:3',
      pull: 'if-missing',
      env: { GLOBAL: 'g', URL: 'g/x', GITLAB_CI: 'true', CI_JOB_STAGE: 'build', CI_COMMIT_REF_NAME: 'main', CI_DEFAULT_BRANCH: 'main' },
      artifacts: { paths: ['dist/'], exclude: ['dist/*.map'], when: 'always' },
      cache: [{ key: 'npm-{{ hashFiles("package-lock.json") }}', paths: ['.npm/'] }],
      timeout: 5400,
      retry: { max: 2, when: ['failure'] },
      allowFailure: { exitCodes: [3, 4] },
    });
    expect(build.env).not.toHaveProperty('CI_COMMIT_SHA');
    expect(Object.keys(build.services!)).toEqual(['postgres', 'cache']);
    expect(build.services!.postgres!.env).toMatchObject({ POSTGRES_PASSWORD: 'x', GLOBAL: 'g' });
    expect(build.services!.cache).toMatchObject({ image: 'registry.local/group/redis:7', command: ['redis-server'] });
    const test = config.jobs.test!;
    expect(test).toMatchObject({ stage: 'test', needs: ['build'], artifactsFrom: [], when: 'manual', allowFailure: true });
    expect(test.image).toBeUndefined();
    expect(test.steps).toHaveLength(1);
    expect(config.jobs['.hidden']).toBeUndefined();
    expect(warnings).toEqual(
      expect.arrayContaining([
        'build.interruptible: ignored: a new run never cancels this one',
        'build.artifacts.expire_in: ignored: artifacts are kept with the run in localci',
        'build.cache.policy: approximated: the cache is read and written (pull-push)',
        'build.retry.when: ignored: runner_system_failure (runner and GitLab failures do not happen in a local run)',
      ]),
    );
  });

  it('decides rules and only/except for the current branch, with rule variables, when and changes', () => {
    const { config, warnings } = run({
      main: { script: 'x', rules: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables: { MODE: 'prod' }, allow_failure: true }] },
      never: { script: 'x', rules: [{ if: '$CI_COMMIT_BRANCH == "main"', when: 'never' }, { when: 'always' }] },
      tags: { script: 'x', rules: [{ if: '$CI_COMMIT_TAG' }] },
      changed: { script: 'x', rules: [{ changes: ['src/**/*'] }, { when: 'manual' }] },
      failure: { script: 'x', when: 'on_failure' },
      only: { script: 'x', only: ['/^ma/'], except: ['tags'] },
      other: { script: 'x', only: { refs: ['develop'] } },
      excepted: { script: 'x', except: ['main'] },
    });
    expect(Object.keys(config.jobs)).toEqual(['main', 'changed', 'failure', 'only']);
    expect(config.jobs.main).toMatchObject({ env: { MODE: 'prod' }, allowFailure: true });
    expect(config.jobs.changed).toMatchObject({ rules: { changes: ['src/**/*'] } });
    expect(config.jobs.failure?.when).toBe('on-failure');
    expect(warnings.some((warning) => warning.startsWith('changed.rules: approximated'))).toBe(true);
  });

  it('expands parallel jobs and points needs at every instance; a needed job left out is an error', () => {
    const { config } = run({ build: { script: 'x', parallel: 2 }, test: { script: 'x', needs: ['build'], dependencies: ['build'] } });
    expect(Object.keys(config.jobs)).toEqual(['build 1/2', 'build 2/2', 'test']);
    expect(config.jobs.test).toMatchObject({ needs: ['build 1/2', 'build 2/2'], artifactsFrom: ['build 1/2', 'build 2/2'] });
    expect(config.jobs['build 2/2']?.env).toMatchObject({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '2' });
    expect(() => run({ a: { script: 'x', rules: [{ if: '$NOPE' }] }, b: { script: 'x', needs: ['a'] } })).toThrow(/`a` is left out on this branch/);
    expect(() => run({ b: { needs: ['a'] } })).toThrow(/needs a `script`/);
  });

  it('names the base or default a warned key is written in, once, and ignores tags quietly', () => {
    const owners: KeyOwners = new Map();
    const warnings = new Warnings();
    const document = resolveExtends(
      { default: { interruptible: true, tags: ['docker'] }, '.base': { script: 'x', coverage: '/c/' }, a: { extends: '.base' }, b: { extends: '.base', coverage: '/own/' } },
      () => '/p/.gitlab-ci.yml',
      owners,
    );
    const fileOf = (key: string) => (key === '.base' ? '/p/ci/base.yml' : '/p/.gitlab-ci.yml');
    translate({ document, fileOf, owners, context: { root: '/nonexistent-root', git: {}, env: {} }, warnings });
    expect(warnings.list.map((warning) => `${warning.file} ${warning.path.join('.')}`).sort()).toEqual([
      '/p/.gitlab-ci.yml b.coverage',
      '/p/.gitlab-ci.yml default.interruptible',
      '/p/ci/base.yml .base.coverage',
    ]);
  });

  it('picks matrix instances a need names, and keeps global variables as inherit: variables says', () => {
    const { config } = run({
      variables: { A: 'a', B: 'b' },
      build: { script: 'x', parallel: { matrix: [{ OS: ['linux', 'mac'], ARCH: ['x64', 'arm'] }] } },
      test: { script: 'x', needs: [{ job: 'build', parallel: { matrix: [{ OS: 'mac', ARCH: ['arm', 'x64'] }] } }], inherit: { variables: ['B'] } },
      lint: { script: 'x', inherit: { variables: false } },
    });
    expect(config.jobs.test?.needs).toEqual(['build: [mac, x64]', 'build: [mac, arm]']);
    expect(config.jobs.test?.env).toMatchObject({ B: 'b', GITLAB_CI: 'true' });
    expect(config.jobs.test?.env).not.toHaveProperty('A');
    expect(config.jobs.lint?.env).not.toHaveProperty('B');
    expect(() => run({ build: { script: 'x', parallel: { matrix: [{ OS: 'linux' }] } }, test: { script: 'x', needs: [{ job: 'build', parallel: { matrix: [{ OS: 'mac' }] } }] } })).toThrow(
      /test.needs\[0\]: no instance of `build` has these matrix values/,
    );
  });

  it('reads JUnit and Cobertura reports as the job\'s test results and coverage', () => {
    const { config, warnings } = run({
      unit: { script: 'x', variables: { OUT: 'out' }, artifacts: { reports: { junit: ['$OUT/junit.xml'], coverage_report: { coverage_format: 'cobertura', path: 'cov.xml' }, codequality: 'q.json' } } },
      java: { script: 'x', artifacts: { reports: { coverage_report: { coverage_format: 'jacoco', path: 'jacoco.xml' } } } },
    });
    expect(config.jobs.unit).toMatchObject({ reports: { junit: ['out/junit.xml'], coverage: 'cov.xml' } });
    expect(config.jobs.unit!.artifacts).toBeUndefined();
    expect(config.jobs.java!.reports).toBeUndefined();
    expect(warnings).toEqual(expect.arrayContaining(['unit.artifacts.reports.codequality: ignored: localci reads JUnit and coverage reports only', 'java.artifacts.reports.coverage_report.coverage_format: ignored: jacoco coverage is not read (Cobertura, lcov and istanbul are)']));
  });

  it('stops when workflow rules create no pipeline, and leaves trigger jobs out with a warning', () => {
    expect(() => run({ workflow: { rules: [{ if: '$CI_COMMIT_TAG' }] }, a: { script: 'x' } })).toThrow(NoPipelineError);
    expect(() => run({ a: { script: 'x', rules: [{ if: '$CI_COMMIT_TAG' }] } })).toThrow(/^No pipeline for .*: .* leaves every job out by its rules\.$/);
    const { config, warnings } = run({ a: { script: 'x' }, down: { trigger: 'group/project' } });
    expect(Object.keys(config.jobs)).toEqual(['a']);
    expect(warnings).toContain('down.trigger: ignored: downstream pipelines are not run; the job is listed as not runnable locally');
  });

  it('with includes not read, takes a job without script to be completed by one of them, and says so when nothing is left to run', () => {
    const context = { root: '/nonexistent-root', git: { branch: 'main' }, env: {} };
    const unavailable = new Map<string, string>();
    const missingIncludes = ['template Security/SAST.gitlab-ci.yml'];
    const config = translate({ document: { build: { image: 'a', script: 'x' }, sast: { variables: { X: '1' } } }, fileOf: () => 'ci.yml', context, warnings: new Warnings(), unavailable, missingIncludes });
    expect(Object.keys(config.jobs)).toEqual(['build']);
    expect(unavailable.get('sast')).toBe('has no `script`: the rest of it is in an include not read (template Security/SAST.gitlab-ci.yml)');
    const only = (document: Record<string, unknown>) => () => translate({ document, fileOf: () => 'ci.yml', context, warnings: new Warnings(), missingIncludes });
    expect(only({ variables: { A: '1' } })).toThrow(/^Nothing runs locally from ci\.yml: its jobs are in includes not read \(template Security\/SAST\.gitlab-ci\.yml\)\.$/);
    expect(only({ variables: { A: '1' } })).toThrow(NoPipelineError);
    expect(only({ sast: { stage: 'test' }, down: { trigger: 'g/p' } })).toThrow(/^Nothing runs locally from ci\.yml: `sast` has no `script`.* \(and 1 more\)\.$/);
    expect(() => run({ sast: { variables: {} } })).toThrow(/sast\.script: a job needs a `script`/);
  });

  it('resolves !reference in rules, variables, before_script and after_script, nested, before translating', () => {
    const document = resolveReferences(
      {
        '.rules': { main: [{ if: '$CI_COMMIT_BRANCH == "main"' }], never: [{ when: 'never' }] },
        '.vars': { variables: { FROM: 'ref' } },
        '.setup': { script: ['one', new Reference(['.inner', 'script'])] },
        '.inner': { script: ['two'] },
        job: {
          image: 'a',
          rules: [new Reference(['.rules', 'main']), new Reference(['.rules', 'never'])],
          variables: new Reference(['.vars', 'variables']),
          before_script: [new Reference(['.setup', 'script']), 'three'],
          script: ['echo $FROM'],
          after_script: [new Reference(['.inner', 'script'])],
        },
      },
      () => 'ci.yml',
    );
    expect(document.job).toMatchObject({ rules: [{ if: '$CI_COMMIT_BRANCH == "main"' }, { when: 'never' }], variables: { FROM: 'ref' }, before_script: ['one', 'two', 'three'], after_script: ['two'] });
    const { config } = run(document);
    expect(config.jobs.job!.env).toMatchObject({ FROM: 'ref' });
    expect((config.jobs.job!.steps[0] as { run: string }).run).toMatch(/one[\s\S]*two[\s\S]*three[\s\S]*echo \$FROM/);
  });
});
