/**
 * The vitest + TypeScript library that the e2e tests and `npm run bench real` use: its
 * files (no lock file: the host's npm makes it) and its one-line edit. Nothing here
 * needs vitest, so the bench imports it too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const VITEST_VERSION = '3.2.4';
export const TYPESCRIPT_VERSION = '5.8.3';

export const VITEST_PROJECT_FILES: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: 'real-vitest-lib',
      version: '1.0.0',
      private: true,
      type: 'module',
      engines: { node: '>=20' },
      scripts: { lint: 'node scripts/lint.mjs', typecheck: 'tsc --noEmit', test: 'vitest run' },
      devDependencies: { typescript: TYPESCRIPT_VERSION, vitest: VITEST_VERSION },
    },
    null,
    2,
  ),
  '.gitignore': 'node_modules/\n',
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true }, include: ['src', 'test'] }, null, 2),
  'scripts/lint.mjs': [
    "import { readdirSync, readFileSync } from 'node:fs';",
    "const bad = readdirSync('src').filter((file) => /[ \\t]$/m.test(readFileSync(`src/${file}`, 'utf8')));",
    "if (bad.length > 0) { console.error(`trailing whitespace: ${bad.join(', ')}`); process.exit(1); }",
    "console.log('lint: clean');",
    '',
  ].join('\n'),
  'src/sum.ts': 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
  'test/sum.test.ts': "import { expect, test } from 'vitest';\nimport { sum } from '../src/sum.js';\n\ntest('adds', () => {\n  expect(sum(1, 2)).toBe(3);\n});\n\ntest('adds negatives', () => {\n  expect(sum(-1, -2)).toBe(-3);\n});\n",
};

/** The one-line edit of the vitest project's source. */
export function editSource(repo: string, value = 0): void {
  const file = path.join(repo, 'src/sum.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/return a \+ b.*;/, `return a + b + ${value};`));
}
