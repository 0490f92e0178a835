/**
 * The JUnit reader against files the runners wrote themselves (test/fixtures/test-reports/
 * generate.sh runs node:test, vitest, jest and pytest on one sample project: 4 tests, 1 passes,
 * 2 fail, 1 is skipped), then against hostile and broken input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJunit } from '../../../src/test-reports/junit.js';

const generated = (file: string) => readFileSync(`test/fixtures/test-reports/generated/${file}`, 'utf8');

describe('parseJunit on files test runners wrote', () => {
  it.each([
    ['node:test', 'node-test/junit.xml', 'calc', ['divides', 'names a negative number']],
    ['vitest', 'vitest/junit.xml', 'vitest/calc.test.mjs', ['calc > divides', 'calc > describeNumber > names a negative number']],
    ['jest (jest-junit)', 'jest/junit.xml', 'calc', ['calc divides', 'calc describeNumber names a negative number']],
    ['pytest', 'pytest/junit.xml', 'pytest', ['test_divides', 'test_names_a_negative_number']],
  ])('%s: counts, failed cases and their first message lines', (_runner, file, suite, names) => {
    const tests = parseJunit(generated(file));
    expect(tests).toMatchObject({ total: 4, passed: 1, failed: 2, skipped: 1 });
    expect(tests.failures.map((failure) => [failure.suite, failure.name])).toEqual(names.map((name) => [suite, name]));
    // The thrown error's two lines, not node:test's wrapper, pytest's source listing or stack frames.
    const thrown = tests.failures[1]!.message;
    expect(thrown).toMatch(/not implemented yet\s+second line of the message$/);
    expect(thrown).not.toMatch(/ERR_TEST_FAILURE|^\s+at |def test_/m);
    // The assertion's own words open the first failure's message, at most five lines.
    expect(tests.failures[0]!.message.split('\n').length).toBeLessThanOrEqual(5);
    expect(tests.failures[0]!.message).toMatch(/equal|AssertionError/i);
  });
});

describe('parseJunit on other shapes', () => {
  it('counts <error> as failed, names a case outside any named suite by its classname, joins nested suites', () => {
    const tests = parseJunit(`<?xml version="1.0"?>
      <testsuites>
        <testsuite name="outer"><testsuite name="inner">
          <testcase name="a"><error message="boom" type="Error"/></testcase>
        </testsuite></testsuite>
        <testsuite><testcase classname="pkg.Class" name="b"><failure>expected 1&#10;got 2</failure></testcase></testsuite>
      </testsuites>`);
    expect(tests).toMatchObject({ total: 2, failed: 2 });
    expect(tests.failures).toEqual([
      { suite: 'outer › inner', name: 'a', message: 'boom' },
      { suite: 'pkg.Class', name: 'b', message: 'expected 1\ngot 2' },
    ]);
  });

  it('a lone <testsuite> root and an empty file of cases are fine', () => {
    expect(parseJunit('<testsuite name="s"><testcase name="x"/><testcase name="y"><skipped/></testcase></testsuite>')).toMatchObject({ total: 2, passed: 1, skipped: 1, failures: [] });
    expect(parseJunit('<testsuites/>')).toMatchObject({ total: 0, failures: [] });
  });

  it('refuses what is not well-formed XML, and never expands entities a DOCTYPE declares', () => {
    expect(() => parseJunit('<testsuite><testcase name="x">')).toThrow(/not well-formed XML/);
    expect(() => parseJunit('not xml at all')).toThrow(/not well-formed XML/);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
      <testsuite><testcase name="&lol2;"><failure message="&lol2;"/></testcase></testsuite>`;
    expect(() => parseJunit(bomb)).toThrow(/not well-formed XML/);
    const external = `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY secret SYSTEM "file:///etc/passwd">]><testsuite><testcase name="&secret;"/></testsuite>`;
    expect(() => parseJunit(external)).toThrow(/not well-formed XML/);
  });

  it('keeps five lines of a long message and cuts a very long line', () => {
    const message = Array.from({ length: 12 }, (_, index) => `line ${index} ${'x'.repeat(index === 0 ? 1000 : 3)}`).join('&#10;');
    const [failure] = parseJunit(`<testsuite name="s"><testcase name="t"><failure message="${message}"/></testcase></testsuite>`).failures;
    const lines = failure!.message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]!.length).toBeLessThanOrEqual(300);
    expect(lines[0]!.endsWith('…')).toBe(true);
  });
});
