/**
 * `spec: inputs:` of a file and `$[[ inputs.name ]]` in it: the value the
 * include passes (`include: - local: x.yml, inputs: { stage: lint }`), else the
 * input's `default`. Interpolation works on the parsed values, as GitLab's does:
 * a string that is one whole `$[[ … ]]` takes the input's own type (a list, a
 * number, a boolean), one with text around it gets the input as text. The
 * `truncate(offset, length)` function is applied; `expand_vars` is left to the
 * variable expansion that follows anyway; other functions are one warning.
 */
import { ConfigError } from '../../../errors.js';
import { isMapping } from './deep-merge.js';
import type { GitlabDocument } from './parse.js';
import type { Warnings } from './warnings.js';

const INTERPOLATION = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*((?:\|[^\]]*?)?)\s*\]\]/g;

export interface InputsContext {
  /** The file that declares the inputs. */
  file: string;
  warnings: Warnings;
}

/** The file's values with its inputs put in; a file without `spec:` is read as it is (GitLab leaves its `$[[` alone). */
export function applyInputs(document: GitlabDocument, declared: Record<string, unknown> | undefined, given: unknown, context: InputsContext): GitlabDocument {
  if (declared === undefined) {
    if (given === undefined) return document;
    throw new ConfigError([{ file: context.file, path: 'spec', message: 'is given inputs by an include but declares none', hint: 'add `spec: inputs:` to the file, then `---`' }]);
  }
  const values = inputValues(declared, isMapping(given) ? given : {}, context);
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') return interpolate(value, values, at, context);
    if (Array.isArray(value)) return value.map((item) => walk(item, at));
    if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [walk(key, at) as string, walk(inner, at === '' ? key : at)]));
    return value;
  };
  return walk(document, '') as GitlabDocument;
}

function inputValues(declared: Record<string, unknown>, given: Record<string, unknown>, context: InputsContext): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw inputError(context, `input \`${name}\` is not declared in the file's \`spec: inputs:\``);
  }
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name] : isMapping(spec) && 'default' in spec ? spec.default : undefined;
    if (value === undefined) throw inputError(context, `input \`${name}\` has no default and is not given`);
    if (isMapping(spec) && Array.isArray(spec.options) && !spec.options.some((option) => String(option) === String(value))) {
      throw inputError(context, `input \`${name}\`: \`${String(value)}\` is not one of ${spec.options.map(String).join(', ')}`);
    }
    values.set(name, value);
  }
  return values;
}

function interpolate(text: string, values: Map<string, unknown>, at: string, context: InputsContext): unknown {
  if (!text.includes('$[[')) return text;
  const whole = new RegExp(`^${INTERPOLATION.source}$`).exec(text.trim());
  if (whole && whole[2] === '') return valueOf(whole[1]!, values, at, context);
  return text.replace(INTERPOLATION, (_match, name: string, functions: string) => {
    const value = valueOf(name, values, at, context);
    const textValue = typeof value === 'string' ? value : JSON.stringify(value);
    return applyFunctions(textValue, functions, at, context);
  });
}

function valueOf(name: string, values: Map<string, unknown>, at: string, context: InputsContext): unknown {
  if (!values.has(name)) throw new ConfigError([{ file: context.file, path: at, message: `\`$[[ inputs.${name} ]]\`: the file declares no such input`, hint: 'declare it under `spec: inputs:`' }]);
  return values.get(name);
}

function applyFunctions(value: string, functions: string, at: string, context: InputsContext): string {
  let out = value;
  for (const call of functions.split('|').map((part) => part.trim()).filter((part) => part !== '')) {
    const truncate = /^truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(call);
    if (truncate) out = out.slice(Number(truncate[1]), Number(truncate[1]) + Number(truncate[2]));
    else if (call !== 'expand_vars') context.warnings.add(context.file, at === '' ? [] : [at], `ignored: input function \`${call}\``);
  }
  return out;
}

function inputError(context: InputsContext, message: string): ConfigError {
  return new ConfigError([{ file: context.file, path: 'spec.inputs', message, hint: 'pass it with `inputs:` where the file is included, or give it a `default`' }]);
}
