/**
 * The functions GitHub offers inside expressions, except the status functions
 * (success/failure/always/cancelled), which depend on the run and live in evaluate.ts.
 */
import { fromPlain, isObject, looseEquals, toText, type Value } from './values.js';

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export interface FunctionHost {
  /** `hashFiles(patterns)`: the hash of the matching files under the workspace, '' when none match. */
  hashFiles?: (patterns: string[]) => string;
}

type Fn = (args: Value[], host: FunctionHost) => Value;

const FUNCTIONS: Record<string, { min: number; max: number; fn: Fn }> = {
  contains: { min: 2, max: 2, fn: ([search, item]) => contains(search!, item!) },
  startswith: { min: 2, max: 2, fn: ([text, prefix]) => lower(text!).startsWith(lower(prefix!)) },
  endswith: { min: 2, max: 2, fn: ([text, suffix]) => lower(text!).endsWith(lower(suffix!)) },
  format: { min: 1, max: Number.POSITIVE_INFINITY, fn: ([pattern, ...args]) => format(toText(pattern!), args) },
  join: { min: 1, max: 2, fn: ([items, separator]) => join(items!, separator === undefined ? ',' : toText(separator)) },
  tojson: { min: 1, max: 1, fn: ([value]) => JSON.stringify(value, null, 2) },
  fromjson: { min: 1, max: 1, fn: ([text]) => fromJson(toText(text!)) },
  hashfiles: { min: 1, max: Number.POSITIVE_INFINITY, fn: (args, host) => hashFiles(args, host) },
};

export function isKnownFunction(name: string): boolean {
  return name.toLowerCase() in FUNCTIONS;
}

export function callFunction(name: string, args: Value[], host: FunctionHost): Value {
  const entry = FUNCTIONS[name.toLowerCase()];
  if (entry === undefined) throw new ExpressionError(`unknown function ${name}()`);
  if (args.length < entry.min || args.length > entry.max) {
    const wanted = entry.min === entry.max ? `${entry.min}` : entry.max === Number.POSITIVE_INFINITY ? `at least ${entry.min}` : `${entry.min} or ${entry.max}`;
    throw new ExpressionError(`${name}() takes ${wanted} argument${entry.min === 1 && entry.max === 1 ? '' : 's'}, not ${args.length}`);
  }
  return entry.fn(args, host);
}

function lower(value: Value): string {
  return toText(value).toLowerCase();
}

function contains(search: Value, item: Value): boolean {
  if (Array.isArray(search)) return search.some((element) => looseEquals(element, item));
  return lower(search).includes(lower(item));
}

function format(pattern: string, args: Value[]): string {
  return pattern.replace(/\{\{|\}\}|\{(\d+)\}|\{|\}/g, (token, index: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    if (index === undefined) throw new ExpressionError(`format(): unmatched "${token}" in '${pattern}'`);
    const position = Number(index);
    if (position >= args.length) throw new ExpressionError(`format(): '${pattern}' uses {${position}} but has ${args.length} argument${args.length === 1 ? '' : 's'}`);
    return toText(args[position]!);
  });
}

function join(items: Value, separator: string): string {
  if (Array.isArray(items)) return items.map((item) => (Array.isArray(item) || isObject(item) ? '' : toText(item))).join(separator);
  return toText(items);
}

function fromJson(text: string): Value {
  try {
    return fromPlain(JSON.parse(text));
  } catch {
    throw new ExpressionError(`fromJSON(): ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)} is not JSON`);
  }
}

function hashFiles(args: Value[], host: FunctionHost): string {
  if (host.hashFiles === undefined) throw new ExpressionError('hashFiles() can only be used where the workspace is known');
  return host.hashFiles(args.map(toText));
}
