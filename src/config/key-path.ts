/**
 * Key paths as users read them in messages: `jobs.unit.needs[0]`. Array
 * indexes use brackets; keys that are not plain identifiers (spaces, dots,
 * quotes) are quoted in brackets so the path stays unambiguous:
 * `jobs["my job"].steps[1]`.
 */

export type KeyPath = ReadonlyArray<string | number>;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
