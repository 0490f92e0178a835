import { describe, expect, it } from 'vitest';
import { evaluateText, type EvaluationScope } from '../../../../../src/config/import/github/expression/evaluate.js';
import { ExpressionSyntaxError } from '../../../../../src/config/import/github/expression/lexer.js';
import { conditionNode, evaluateValue, interpolate, splitTemplate } from '../../../../../src/config/import/github/expression/template.js';
import { contextsOf, usesStatusFunction } from '../../../../../src/config/import/github/expression/references.js';
import { truthy } from '../../../../../src/config/import/github/expression/values.js';

const scope: EvaluationScope = {
  contexts: {
    github: { ref: 'refs/heads/main', event_name: 'push', event: { commits: [{ message: 'a' }, { message: 'b' }] } },
    matrix: { 'node-version': 20, os: 'ubuntu-latest', experimental: false },
    env: { GREETING: 'Hello' },
    needs: { build: { result: 'success', outputs: { version: '1.2.3' } }, lint: { result: 'failure', outputs: {} } },
  },
  status: { failed: false, cancelled: false },
  hashFiles: (patterns) => `hash(${patterns.join('|')})`,
};

const run = (text: string, over: Partial<EvaluationScope> = {}) => evaluateText(text, { ...scope, ...over });

describe('literals and operators', () => {
  it('reads every literal form', () => {
    expect(run('null')).toBe(null);
    expect(run('TRUE')).toBe(true);
    expect(run('0xff')).toBe(255);
    expect(run('-2.5e1')).toBe(-25);
    expect(run("'it''s'")).toBe("it's");
  });

  it('compares loosely, as GitHub documents', () => {
    expect(run("'ABC' == 'abc'")).toBe(true);
    expect(run("1 == '1'")).toBe(true);
    expect(run("true == 1")).toBe(true);
    expect(run("null == 0")).toBe(true);
    expect(run("'' == 0")).toBe(true);
    expect(run("'abc' == 0")).toBe(false);
    expect(run("'abc' != 0")).toBe(true);
    expect(run("'b' > 'A'")).toBe(true);
    expect(run('2 >= 2 && 1 < 2 && 3 <= 2')).toBe(false);
    expect(run('github.event == github.event')).toBe(true);
    expect(run('fromJSON(\'{"a":1}\') == fromJSON(\'{"a":1}\')')).toBe(false);
  });

  it('returns the deciding operand of && and ||', () => {
    expect(run("matrix.experimental && 'x' || 'y'")).toBe('y');
    expect(run("github.ref == 'refs/heads/main' && 'prod' || 'dev'")).toBe('prod');
    expect(run("'' || null")).toBe(null);
    expect(run("!matrix.experimental")).toBe(true);
  });

  it('has GitHub truthiness', () => {
    for (const falsy of [false, 0, -0, '', null, Number.NaN]) expect(truthy(falsy)).toBe(false);
    for (const value of ['false', '0', [], {}, 1, -1]) expect(truthy(value)).toBe(true);
  });

  it('binds && tighter than || and comparisons tighter than !', () => {
    expect(run('true || false && false')).toBe(true);
    expect(run("!(github.ref == 'x')")).toBe(true);
  });
});

describe('properties', () => {
  it('reads dotted, bracketed, dashed and case-insensitive names; missing ones are null', () => {
    expect(run('matrix.node-version')).toBe(20);
    expect(run("matrix['node-version']")).toBe(20);
    expect(run('GitHub.Event_Name')).toBe('push');
    expect(run('github.nothing.deeper')).toBe(null);
    expect(run('needs.build.outputs.version')).toBe('1.2.3');
    expect(run('github.event.commits[1].message')).toBe('b');
  });

  it('filters objects and arrays with *', () => {
    expect(run('github.event.commits.*.message')).toEqual(['a', 'b']);
    expect(run("contains(needs.*.result, 'failure')")).toBe(true);
  });

  it('names the contexts available when one is unknown', () => {
    expect(() => run('steps.a.outputs.b')).toThrow(/unknown context "steps" \(available here: github, matrix, env, needs\)/);
  });
});

describe('functions', () => {
  it('contains, startsWith, endsWith ignore case', () => {
    expect(run("contains('Hello World', 'WORLD')")).toBe(true);
    expect(run("contains(fromJSON('[\"push\", \"pull_request\"]'), github.event_name)")).toBe(true);
    expect(run("contains(fromJSON('[1, 2]'), '2')")).toBe(true);
    expect(run("startsWith(github.ref, 'REFS/heads/')")).toBe(true);
    expect(run("endsWith(github.ref, '/dev')")).toBe(false);
  });

  it('format, join, toJSON, fromJSON', () => {
    expect(run("format('{0} {1}{{x}}', env.GREETING, 'you')")).toBe('Hello you{x}');
    expect(() => run("format('{1}', 'a')")).toThrow(/uses \{1\} but has 1 argument/);
    expect(run("join(github.event.commits.*.message, ', ')")).toBe('a, b');
    expect(run("join('single')")).toBe('single');
    expect(run('toJSON(needs.build.outputs)')).toBe('{\n  "version": "1.2.3"\n}');
    expect(run("fromJSON('[1,2]')[1]")).toBe(2);
    expect(() => run("fromJSON('{oops')")).toThrow(/is not JSON/);
  });

  it('hashFiles goes through the host', () => {
    expect(run("hashFiles('**/package-lock.json', '!x')")).toBe('hash(**/package-lock.json|!x)');
  });

  it('status functions read the status, and only exist in conditions', () => {
    expect(run('success()')).toBe(true);
    expect(run('failure()', { status: { failed: true, cancelled: false } })).toBe(true);
    expect(run('always()', { status: { failed: true, cancelled: true } })).toBe(true);
    expect(run('cancelled()', { status: { failed: false, cancelled: true } })).toBe(true);
    expect(run('success()', { status: { failed: false, cancelled: true } })).toBe(false);
    expect(() => evaluateText('success()', { contexts: {} })).toThrow(/only be used in an `if:` condition/);
  });

  it('rejects unknown functions and wrong argument counts', () => {
    expect(() => run('nope()')).toThrow(/unknown function nope\(\)/);
    expect(() => run("contains('a')")).toThrow(/takes 2 arguments, not 1/);
  });
});

describe('syntax', () => {
  it('reports where the text goes wrong', () => {
    expect(() => run('a ==')).toThrow(ExpressionSyntaxError);
    expect(() => run("'open")).toThrow(/not closed/);
    expect(() => run('a = b')).toThrow(/unexpected "=" at position 3/);
    expect(() => run('(true')).toThrow(/expected "\)"/);
  });
});

describe('templates', () => {
  it('interpolates into text, nulls as empty, objects as JSON', () => {
    expect(interpolate('node ${{ matrix.node-version }} on ${{matrix.os}}', scope)).toBe('node 20 on ubuntu-latest');
    expect(interpolate('x${{ github.nothing }}y', scope)).toBe('xy');
    expect(interpolate("${{ '}}' }}", scope)).toBe('}}');
  });

  it('keeps the type of a lone expression', () => {
    expect(evaluateValue('${{ matrix.experimental }}', scope)).toBe(false);
    expect(evaluateValue(' ${{ fromJSON(\'{"a":[1]}\') }} ', scope)).toEqual({ a: [1] });
    expect(evaluateValue('v${{ matrix.node-version }}', scope)).toBe('v20');
    expect(evaluateValue(7, scope)).toBe(7);
  });

  it('splits text and expressions, and rejects an unclosed one', () => {
    expect(splitTemplate('a ${{ x }} b').map((part) => part.kind)).toEqual(['text', 'expression', 'text']);
    expect(() => splitTemplate('a ${{ x')).toThrow(/not closed/);
  });

  it('reads conditions bare or wrapped, and lists what they read', () => {
    const node = conditionNode("${{ failure() && steps.test.outputs.x == 'y' }}");
    expect([...contextsOf(node)]).toEqual(['steps']);
    expect(usesStatusFunction(node)).toBe(true);
    expect(usesStatusFunction(conditionNode("github.ref == 'x'"))).toBe(false);
  });
});
