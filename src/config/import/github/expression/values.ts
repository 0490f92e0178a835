/**
 * Values of the expression language and the rules GitHub documents for them:
 * truthiness (false, 0, -0, '', null and NaN are falsy), loose comparison (a
 * mismatch of types compares as numbers; strings compare ignoring case; arrays
 * and objects are equal only to themselves), and how a value is written into text.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export function isObject(value: Value | undefined): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function truthy(value: Value): boolean {
  if (value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

export function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return 0;
    if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text, 16);
    if (/^0o[0-7]+$/i.test(text)) return parseInt(text.slice(2), 8);
    return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  }
  return Number.NaN;
}

/** How a value reads inside `${{ }}` in text: null is empty, objects are JSON. */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  return JSON.stringify(value, null, 2);
}

/** -1, 0, 1, or undefined when the two cannot be ordered (NaN, arrays, objects). */
export function compare(left: Value, right: Value): number | undefined {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toLowerCase();
    const b = right.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const sameType = typeOf(left) === typeOf(right);
  if (sameType && (Array.isArray(left) || isObject(left))) return left === right ? 0 : undefined;
  const a = toNumber(left);
  const b = toNumber(right);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function looseEquals(left: Value, right: Value): boolean {
  return compare(left, right) === 0;
}

function typeOf(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A plain JSON value (from YAML or JSON.parse) as a Value; undefined becomes null. */
export function fromPlain(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromPlain(item)]));
  return String(value);
}
