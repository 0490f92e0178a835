/** Schema + issue formatting: what a user reads for each kind of mistake. */
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import { parseConfig } from '../../../src/config/parse-config.js';

function issuesOf(raw: unknown, prefix: string[] = []): ConfigIssue[] {
  try {
    parseConfig(raw, 'ci.config.ts', prefix);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

const at = (issues: ConfigIssue[], path: string) => issues.filter((issue) => issue.path === path);
const job = (extra: Record<string, unknown> = {}) => ({ steps: ['npm test'], ...extra });

describe('pipeline schema', () => {
  it('accepts a minimal config and the design document example', () => {
    expect(issuesOf({ jobs: { test: job() } })).toEqual([]);
    expect(
      issuesOf({
        image: 'node:20',
        env: { NODE_ENV: 'test' },
        jobs: {
          build: { steps: ['npm ci', 'npm run build'], artifacts: ['dist/'] },
          unit: { needs: ['build'], steps: ['npm test'], inputs: ['src/**', 'test/**'] },
          lint: { needs: ['build'], steps: ['npm run lint'], allowFailure: true },
          deploy: { needs: ['unit', 'lint'], environment: 'staging', steps: ['./scripts/smoke.sh'] },
        },
      }),
    ).toEqual([]);
  });

  it('returns the parsed config unchanged, so a cached verdict can reuse the raw data', () => {
    const raw = { image: 'node:20', jobs: { a: job({ retry: 2, timeout: '10m', matrix: { n: [1, '2'] } }) } };
    expect(parseConfig(raw, 'f', [])).toEqual(raw);
  });

  it('says what type was expected and what was given', () => {
    const issues = issuesOf({ jobs: { unit: job({ needs: [42], allowFailure: 'yes', timeout: true }) } });
    expect(at(issues, 'jobs.unit.needs[0]')[0]?.message).toBe('expected a string, got number');
    expect(at(issues, 'jobs.unit.allowFailure')[0]?.message).toBe('expected true or false or an object, got string');
    expect(at(issues, 'jobs.unit.timeout')[0]?.message).toBe('expected a number or a string, got boolean');
  });

  it('asks to quote numbers and booleans given as env values', () => {
    const issues = issuesOf({ env: { PORT: 3000, DEBUG: false }, jobs: { a: job() } });
    expect(at(issues, 'env.PORT')[0]).toMatchObject({ message: 'expected a string, got number', hint: "quote it: `'3000'`" });
    expect(at(issues, 'env.DEBUG')[0]?.hint).toBe("quote it: `'false'`");
  });

  it('reports unknown keys at every level with a suggestion when one is close', () => {
    const issues = issuesOf({
      jobs: { unit: job({ need: ['x'], services: { db: { image: 'postgres:16', port: [5432] } } }) },
      hooks: { prepush: {} },
      watch: { debounc: 5 },
    });
    expect(at(issues, 'jobs.unit.need')[0]).toMatchObject({ message: 'unknown key `need`', hint: 'did you mean `needs`?' });
    expect(at(issues, 'jobs.unit.services.db.port')[0]?.hint).toBe('did you mean `ports`?');
    expect(at(issues, 'hooks.prepush')[0]?.hint).toBe('did you mean `prePush`?');
    expect(at(issues, 'watch.debounc')[0]?.hint).toBe('did you mean `debounce`?');
  });

  it('lists the allowed keys when nothing is close and the list is short', () => {
    const issues = issuesOf({ jobs: { a: job({ steps: [{ run: 'x', shell: 'bash' }] }) }, hooks: { zzz: 1 } });
    expect(at(issues, 'jobs.a.steps[0].shell')[0]?.hint).toBe('allowed keys: name, run, timeout, when, allowFailure, container');
    expect(at(issues, 'hooks.zzz')[0]?.hint).toBe('allowed keys: prePush');
  });

  it('does not also report a required key as missing when a typo of it is reported', () => {
    const issues = issuesOf({ job: { a: job() } });
    expect(issues).toEqual([{ file: 'ci.config.ts', path: 'job', message: 'unknown key `job`', hint: 'did you mean `jobs`?' }]);
  });

  it('quotes keys that are not plain identifiers in paths', () => {
    const issues = issuesOf({ jobs: { 'my job': job({ steps: [''] }), 'a.b': job({ when: 'never' }) } });
    expect(issues.map((issue) => issue.path)).toEqual(['jobs["my job"].steps[0]', 'jobs["a.b"].when']);
  });

  it('reports the reason inside the branch of a union that matched the value type', () => {
    const issues = issuesOf({ jobs: { a: job({ steps: ['ok', { run: 1 }, 7, { name: 'x', run: ' ' }], retry: { max: -1 } }) } });
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['jobs.a.steps[1].run', 'expected a string, got number'],
      ['jobs.a.steps[2]', 'expected a string or an object, got number'],
      ['jobs.a.steps[3].run', 'step is blank'],
      ['jobs.a.retry.max', 'must be 0 or more'],
    ]);
  });

  it('rejects empty steps, blank steps and a single string instead of a list', () => {
    expect(issuesOf({ jobs: { a: { steps: [] } } })[0]).toMatchObject({ path: 'jobs.a.steps', message: 'a job needs at least one step' });
    expect(issuesOf({ jobs: { a: { steps: ['npm ci', '  \n '] } } })[0]).toMatchObject({ path: 'jobs.a.steps[1]', message: 'step is blank' });
    expect(issuesOf({ jobs: { a: { steps: 'npm test' } } })[0]).toMatchObject({
      path: 'jobs.a.steps',
      message: 'expected a list, got string',
      hint: "make it a list: `['npm test']`",
    });
  });

  it('rejects job names that are empty or contain control characters', () => {
    const issues = issuesOf({ jobs: { '': job(), 'a\nb': job() } });
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['jobs[""]', 'job names must not be empty'],
      ['jobs["a\\nb"]', 'job names must not contain control characters or line breaks'],
    ]);
  });

  it('validates image names, also inside matrix templates and services', () => {
    const issues = issuesOf({
      image: 'Node:20',
      jobs: {
        a: job({ image: 'node:${{ matrix.v }}', matrix: { v: ['20'] } }),
        b: job({ image: 'node:20!', services: { db: { image: 'Postgres' } } }),
        c: job({ image: { dockerfile: '/etc/Dockerfile' } }),
      },
    });
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['image', '`Node:20` must be lowercase'],
      ['jobs.b.image', '`node:20!` has an invalid tag `20!`'],
      ['jobs.b.services.db.image', '`Postgres` must be lowercase'],
      ['jobs.c.image.dockerfile', '`/etc/Dockerfile` is an absolute path'],
    ]);
  });

  it('validates durations, memory, retry, ports, enums and matrix shape', () => {
    const issues = issuesOf({
      pull: 'sometimes',
      jobs: {
        a: job({ timeout: '1 hour', memory: '1m', retry: 1.5, when: 'allways', matrix: { 'os-name': ['x'], node: [] } }),
        b: job({ timeout: -1, services: { db: { image: 'postgres:16', ports: [0, 70000] } } }),
      },
    });
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['jobs.a.matrix.os-name', '`os-name` is not a valid matrix key'],
      ['jobs.a.matrix.node', 'a matrix key needs at least one value'],
      ['jobs.a.timeout', '`1 hour` is not a duration'],
      ['jobs.a.retry', 'expected a whole number, got a fraction'],
      ['jobs.a.when', "expected one of 'on-success', 'always', 'on-failure', 'manual', got 'allways'"],
      ['jobs.a.memory', "`1m` is below Docker's minimum of 6m"],
      ['jobs.b.services.db.ports[0]', 'must be 1 or more'],
      ['jobs.b.services.db.ports[1]', 'must be 65535 or less'],
      ['jobs.b.timeout', 'must be more than 0'],
      ['pull', "expected one of 'if-missing', 'always', 'never', got 'sometimes'"],
    ]);
    expect(at(issues, 'jobs.a.when')[0]?.hint).toBe("did you mean 'always'?");
  });

  it('takes a whole process limit of at least 8', () => {
    const issues = issuesOf({ jobs: { a: job({ pids: 4 }), b: job({ pids: 100.5 }), c: job({ pids: '100' }), d: job({ pids: 64 }) } });
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['jobs.a.pids', '`4` is not a process limit'],
      ['jobs.b.pids', '`100.5` is not a process limit'],
      ['jobs.c.pids', 'expected a number, got string'],
    ]);
    expect(at(issues, 'jobs.a.pids')[0]?.hint).toBe('write a whole number of at least 8, such as 4096');
  });

  it('accepts step when/allowFailure, allowFailure exit codes and the artifacts object, and checks them', () => {
    const good = job({
      steps: ['make', { run: 'make clean', when: 'always', allowFailure: true }],
      allowFailure: { exitCodes: [3, 42] },
      artifacts: { paths: ['dist/'], exclude: ['dist/**/*.map'], when: 'always' },
      artifactsFrom: [],
    });
    expect(issuesOf({ image: 'node:20', jobs: { a: good } })).toEqual([]);
    const issues = issuesOf({
      image: 'node:20',
      jobs: {
        a: job({ steps: [{ run: 'x', when: 'sometimes' }], allowFailure: { exitCodes: [] }, artifacts: { paths: ['dist/'], when: 'later' } }),
      },
    });
    expect(issues.map((issue) => issue.path)).toEqual(['jobs.a.steps[0].when', 'jobs.a.artifacts.when', 'jobs.a.allowFailure.exitCodes']);
  });

  it('validates globs and paths in inputs, artifacts, rules.changes and watch.ignore', () => {
    const issues = issuesOf({
      jobs: { a: job({ inputs: ['src/**', '!src/**/*.snap', 'src/['], artifacts: ['/dist', '../x', 'dist/../../y', 'dist/'], rules: { changes: ['{a,b'] } }) },
      watch: { ignore: ['~/tmp'] },
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'jobs.a.inputs[2]',
      'jobs.a.artifacts[0]',
      'jobs.a.artifacts[1]',
      'jobs.a.artifacts[2]',
      'jobs.a.rules.changes[0]',
      'watch.ignore[0]',
    ]);
  });

  it('reports every problem of a config at once', () => {
    const issues = issuesOf({ image: 'UPPER', jobs: { a: { steps: [] }, b: job({ needs: 'a', env: { X: 1 } }) }, extra: true });
    expect(issues.map((issue) => issue.path)).toEqual(['image', 'jobs.a.steps', 'jobs.b.needs', 'jobs.b.env.X', 'extra']);
  });

  it('prefixes paths for the "ci" key of package.json', () => {
    expect(issuesOf({ jobs: { a: { steps: [] } } }, ['ci'])[0]?.path).toBe('ci.jobs.a.steps');
  });

  it('explains a config that is not an object, and empty or missing jobs', () => {
    expect(issuesOf('npm test')[0]).toMatchObject({ path: '', message: 'expected the config to be an object, got string' });
    expect(issuesOf({})[0]).toMatchObject({ path: 'jobs', message: 'missing (expected an object)' });
    expect(issuesOf({ jobs: {} })[0]).toMatchObject({ path: 'jobs', message: 'no jobs defined' });
    expect(issuesOf({ jobs: ['a'] })[0]).toMatchObject({ path: 'jobs', message: 'expected an object, got a list' });
  });
});
