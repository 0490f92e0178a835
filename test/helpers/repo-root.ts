/** The localci checkout the tests run against, derived from this file's location. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The entry point users run; tests go through it so they exercise exactly what ships. */
export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'ci.js');

/** What `bin/ci.js` imports; missing until `npm run build` has run. */
export const BUILT_CLI = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
