/**
 * JUnit XML as test runners write it (vitest, jest-junit, node:test, pytest, go-junit-report,
 * surefire): `<testsuites>` or a lone `<testsuite>`, suites nested or not, each `<testcase>`
 * failed by a `<failure>` or `<error>` child and skipped by `<skipped>`. A case's suite is its
 * enclosing suites' names (`outer › inner`), or its `classname` when it sits in no named suite.
 */
import { firstLines, type TestCounts, type TestFailure } from './test-report.js';
import { readXml } from './xml-events.js';

interface OpenCase {
  suite: string;
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  message: string;
  /** Text inside the failure element: usually the message again with the stack. */
  detail: string;
  inFailure: boolean;
}

/** Every case of one JUnit file, failures in file order (not capped: the caller merges files). */
export function parseJunit(source: string): TestCounts {
  const counts: TestCounts = { total: 0, passed: 0, failed: 0, skipped: 0, failures: [] };
  const suites: string[] = [];
  let current: OpenCase | undefined;
  readXml(source, {
    open(name, attributes) {
      if (name === 'testsuite') suites.push(attributes.name ?? '');
      else if (name === 'testcase') {
        const named = suites.filter((suite) => suite !== '');
        const suite = named.length > 0 ? named.join(' › ') : (attributes.classname ?? '');
        current = { suite, name: attributes.name ?? '', outcome: 'passed', message: '', detail: '', inFailure: false };
      } else if (current && (name === 'failure' || name === 'error')) {
        current.outcome = 'failed';
        current.message ||= attributes.message ?? '';
        current.inFailure = true;
      } else if (current && name === 'skipped' && current.outcome === 'passed') current.outcome = 'skipped';
    },
    close(name) {
      if (name === 'testsuite') suites.pop();
      else if (name === 'failure' || name === 'error') {
        if (current) current.inFailure = false;
      } else if (name === 'testcase' && current) {
        count(counts, current);
        current = undefined;
      }
    },
    text(text) {
      if (current?.inFailure) current.detail += text;
    },
  });
  return counts;
}

function count(counts: TestCounts, done: OpenCase): void {
  counts.total += 1;
  counts[done.outcome] += 1;
  if (done.outcome === 'failed') counts.failures.push(failureOf(done));
}

function failureOf(done: OpenCase): TestFailure {
  const lines = chosenMessage(done.message, withoutNodeTestWrapper(done.detail))
    .split(/\r?\n/)
    // The frames of a stack tell a summary reader nothing the log does not.
    .filter((line) => !/^\s+at\s/.test(line));
  return { suite: done.suite, name: done.name, message: firstLines(lines.join('\n')) };
}

/**
 * The element's text usually repeats the `message` attribute with its line breaks (which an
 * attribute may lose) and the diff; but pytest puts the test's source there, and its message
 * is the attribute. The text wins when the two start alike.
 */
function chosenMessage(attribute: string, text: string): string {
  const first = (value: string) => value.trim().split('\n')[0]!.trim();
  if (text.trim() === '') return attribute;
  if (attribute.trim() === '') return text;
  const [a, t] = [first(attribute), first(text)];
  return a.includes(t) || t.includes(a) ? text : attribute;
}

/**
 * node:test wraps the test's error in its own and prints the wrapper with util.inspect:
 * `[Error [ERR_TEST_FAILURE]: <message>] {` then its properties. The message is what counts.
 */
function withoutNodeTestWrapper(text: string): string {
  const wrapped = /^\s*\[?Error \[ERR_TEST_FAILURE\]: /.exec(text);
  if (!wrapped) return text;
  const rest = text.slice(wrapped[0].length);
  const end = rest.search(/\n\s*code: 'ERR_TEST_FAILURE'/);
  return (end < 0 ? rest : rest.slice(0, end)).replace(/\]? \{\s*$/, '');
}
