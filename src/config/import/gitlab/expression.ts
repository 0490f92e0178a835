/**
 * `rules: if:` expressions, GitLab's grammar: `$VAR`, `"string"`, `'string'`,
 * `null`, `/regex/flags`, `==`, `!=`, `=~`, `!~`, `&&`, `||` and parentheses.
 * A bare variable is true when set and not empty; a regex pattern may itself
 * come from a variable. An expression it cannot read is a config error naming it.
 */
import type { Variables } from './variables.js';

type Token =
  | { kind: 'var'; name: string }
  | { kind: 'str'; value: string }
  | { kind: 'null' }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'op'; value: '==' | '!=' | '=~' | '!~' | '&&' | '||' | '(' | ')' };

type Value = string | null | RegExp;

const TOKEN = /\s*(?:\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(null)\b|\/((?:[^/\\]|\\.)*)\/([a-z]*)|(==|!=|=~|!~|&&|\|\||\(|\)))/y;

export class ExpressionError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) throw new ExpressionError(`cannot read \`${text.slice(at).trim()}\``);
    at = TOKEN.lastIndex;
    const [, name, double, single, nil, regex, flags, op] = match;
    if (name !== undefined) tokens.push({ kind: 'var', name });
    else if (double !== undefined) tokens.push({ kind: 'str', value: double.replace(/\\(.)/g, '$1') });
    else if (single !== undefined) tokens.push({ kind: 'str', value: single.replace(/\\(.)/g, '$1') });
    else if (nil !== undefined) tokens.push({ kind: 'null' });
    else if (regex !== undefined) tokens.push({ kind: 'regex', source: regex, flags: flags ?? '' });
    else tokens.push({ kind: 'op', value: op as Extract<Token, { kind: 'op' }>['value'] });
  }
  return tokens;
}

/** Evaluates an `if:` expression against the variables; throws ExpressionError when it cannot be read. */
export function evaluateIf(text: string, variables: Readonly<Variables>): boolean {
  const tokens = tokenize(text);
  let index = 0;
  const peek = () => tokens[index];
  const isOp = (value: string) => {
    const token = peek();
    return token?.kind === 'op' && token.value === value;
  };
  const operand = (): Value => {
    const token = tokens[index++];
    if (!token) throw new ExpressionError('ends too early');
    switch (token.kind) {
      case 'var':
        return variables[token.name] ?? null;
      case 'str':
        return token.value;
      case 'null':
        return null;
      case 'regex':
        return toRegex(token.source, token.flags);
      default:
        throw new ExpressionError(`unexpected \`${token.value}\``);
    }
  };
  const comparison = (): boolean => {
    if (isOp('(')) {
      index++;
      const inner = or();
      if (!isOp(')')) throw new ExpressionError('a `(` is not closed');
      index++;
      return inner;
    }
    const left = operand();
    const token = peek();
    if (token?.kind !== 'op' || !['==', '!=', '=~', '!~'].includes(token.value)) return truthy(left);
    index++;
    const right = operand();
    switch (token.value) {
      case '==':
        return same(left, right);
      case '!=':
        return !same(left, right);
      case '=~':
        return matches(left, right);
      default:
        return !matches(left, right);
    }
  };
  const and = (): boolean => {
    let value = comparison();
    while (isOp('&&')) {
      index++;
      const right = comparison();
      value = value && right;
    }
    return value;
  };
  function or(): boolean {
    let value = and();
    while (isOp('||')) {
      index++;
      const right = and();
      value = value || right;
    }
    return value;
  }
  const result = or();
  if (index < tokens.length) throw new ExpressionError(`unexpected text after the expression`);
  return result;
}

function truthy(value: Value): boolean {
  return value instanceof RegExp || (value !== null && value !== '');
}

function same(left: Value, right: Value): boolean {
  return String(left) === String(right) && (left === null) === (right === null);
}

/** The right side may be a variable holding `/pattern/`; GitLab matches unanchored. */
function matches(left: Value, right: Value): boolean {
  const pattern = typeof right === 'string' ? regexFromText(right) : right;
  if (!(pattern instanceof RegExp)) return false;
  return left !== null && pattern.test(String(left));
}

function regexFromText(text: string): RegExp | null {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(text);
  return match ? toRegex(match[1]!, match[2]!) : null;
}

function toRegex(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags.replace(/[^imsu]/g, ''));
  } catch {
    throw new ExpressionError(`/${source}/ is not a valid regular expression`);
  }
}
