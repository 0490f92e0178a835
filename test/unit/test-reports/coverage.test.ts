/**
 * The coverage readers against files the runners wrote (test/fixtures/test-reports/generate.sh):
 * vitest (v8) and jest (istanbul) each wrote lcov, coverage-summary.json and Cobertura for the
 * same run, so the three must agree; node:test wrote lcov, pytest-cov Cobertura.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCoverageFormat, parseCoverage } from '../../../src/test-reports/coverage.js';
import { percent } from '../../../src/test-reports/test-report.js';

const generated = (file: string) => readFileSync(`test/fixtures/test-reports/generated/${file}`, 'utf8');

describe('parseCoverage on files test runners wrote', () => {
  it.each([
    ['vitest', 'vitest/coverage', { lines: { covered: 9, total: 16 }, branches: { covered: 2, total: 3 } }],
    ['jest', 'jest/coverage', { lines: { covered: 4, total: 8 }, branches: { covered: 1, total: 6 } }],
  ])('%s: lcov, istanbul summary and Cobertura of one run say the same, per file too', (_runner, dir, totals) => {
    const formats = [
      ['lcov.info', 'lcov'],
      ['coverage-summary.json', 'istanbul-summary'],
      ['cobertura-coverage.xml', 'cobertura'],
    ] as const;
    for (const [file, format] of formats) {
      const text = generated(`${dir}/${file}`);
      expect(detectCoverageFormat(text)).toBe(format);
      const report = parseCoverage(text);
      expect(report).toMatchObject(totals);
      // Runners write absolute container paths or paths relative to a source folder: the file is named either way.
      expect(report.files.map((entry) => entry.file.replace(/^.*\/(src\/)/, '$1'))).toEqual(['src/calc.cjs']);
    }
  });

  it('node:test lcov: every file of the record, lines and branches', () => {
    const report = parseCoverage(generated('node-test/lcov.info'));
    expect(report.files.map((entry) => entry.file)).toEqual(['node-test/calc.test.mjs', 'src/calc.cjs']);
    expect(report.lines).toEqual({ covered: 24, total: 31 });
    expect(report.branches).toEqual({ covered: 8, total: 9 });
  });

  it('pytest-cov Cobertura: line and branch counts from the lines themselves', () => {
    const report = parseCoverage(generated('pytest/coverage.xml'));
    expect(report.lines).toEqual({ covered: 6, total: 12 });
    expect(report.branches).toEqual({ covered: 1, total: 6 });
    expect(percent(report.lines)).toBe(50);
    expect(percent(report.branches)).toBe(16.6);
  });
});

describe('parseCoverage on other input', () => {
  it('names files relative to the workspace and merges a file listed twice', () => {
    const report = parseCoverage('SF:/workspace/src/a.js\nDA:1,1\nDA:2,0\nend_of_record\nSF:/workspace/src/a.js\nDA:3,4\nend_of_record\n');
    expect(report.files).toEqual([{ file: 'src/a.js', lines: { covered: 2, total: 3 } }]);
  });

  it('says which formats it reads when it meets another, and refuses broken ones', () => {
    expect(() => parseCoverage('hello')).toThrow(/neither lcov, an istanbul coverage-summary.json nor Cobertura XML/);
    expect(() => parseCoverage('{"lines": 3}')).toThrow(/not an istanbul coverage-summary.json/);
    expect(() => parseCoverage('{ broken')).toThrow();
    expect(() => parseCoverage('<coverage><packages>')).toThrow(/not well-formed XML/);
  });

  it('percent rounds down to one decimal and has nothing to say about nothing', () => {
    expect(percent({ covered: 2, total: 3 })).toBe(66.6);
    expect(percent({ covered: 0, total: 0 })).toBeUndefined();
  });
});
