/**
 * The folder localci's package lives in (where package.json, templates/ and ui-assets/ are).
 * This file sits two levels below it in every layout the code runs from: src/util/ under vitest,
 * dist/util/ as compiled, and dist/bundle/ once bundled into the CLI's chunks
 * (scripts/bundle-cli.mjs), so every shipped file is found from here and not from the depth of
 * whichever file asks.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** A file or folder shipped in the package, by its path from the package root. */
export function packageFile(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}
