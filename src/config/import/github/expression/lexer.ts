/**
 * Tokens of GitHub's expression language (the text inside `${{ }}` and `if:`):
 * literals (`null`, `true`, numbers including hex and exponents, single-quoted
 * strings with `''` as the quote), names, and the operators `! < <= > >= == !=
 * && || . , ( ) [ ] *`. Anything else is a syntax error naming the position.
 */

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

export class ExpressionSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '!', '<', '>', '.', ',', '(', ')', '[', ']', '*'];
const NAME = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /(?:0x[0-9a-fA-F]+|0o[0-7]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (char === "'") {
      const [value, next] = readString(text, at);
      tokens.push({ kind: 'string', value, at });
      at = next;
      continue;
    }
    // A sign belongs to a number literal only where an operand is expected (`-1`, `a == -1`).
    const operandExpected = tokens.length === 0 || (tokens.at(-1)!.kind === 'op' && !')]'.includes((tokens.at(-1) as { value: string }).value));
    const signed = char === '-' && operandExpected ? 1 : 0;
    if (/[0-9.]/.test(text[at + signed] ?? '') && (signed === 1 || /[0-9]/.test(char) || /[0-9]/.test(text[at + 1] ?? ''))) {
      NUMBER.lastIndex = at + signed;
      const match = NUMBER.exec(text);
      if (match) {
        const literal = match[0];
        const magnitude = literal.startsWith('0o') ? parseInt(literal.slice(2), 8) : Number(literal);
        tokens.push({ kind: 'number', value: signed ? -magnitude : magnitude, at });
        at += signed + literal.length;
        if (/[A-Za-z_]/.test(text[at] ?? '')) throw new ExpressionSyntaxError(`unexpected "${text[at]}" after the number at position ${at + 1}`, at);
        continue;
      }
    }
    NAME.lastIndex = at;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', value: name[0], at });
      at += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, at));
    if (op === undefined) throw new ExpressionSyntaxError(`unexpected "${char}" at position ${at + 1}`, at);
    tokens.push({ kind: 'op', value: op, at });
    at += op.length;
  }
  tokens.push({ kind: 'end', at });
  return tokens;
}

function readString(text: string, start: number): [string, number] {
  let value = '';
  let at = start + 1;
  for (;;) {
    const quote = text.indexOf("'", at);
    if (quote < 0) throw new ExpressionSyntaxError(`the string starting at position ${start + 1} is not closed`, start);
    value += text.slice(at, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      at = quote + 2;
      continue;
    }
    return [value, quote + 1];
  }
}
