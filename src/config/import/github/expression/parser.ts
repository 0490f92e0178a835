/**
 * Recursive descent over the tokens, with GitHub's precedence (loosest first):
 * `||`, `&&`, `== !=`, `< <= > >=`, `!`, then member access and calls.
 */
import type { Node } from './ast.js';
import { ExpressionSyntaxError, tokenize, type Token } from './lexer.js';

export function parseExpression(text: string): Node {
  const parser = new Parser(tokenize(text));
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  expression(): Node {
    return this.logical('||', () => this.logical('&&', () => this.equality()));
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new ExpressionSyntaxError(`unexpected ${describe(token)} at position ${token.at + 1}`, token.at);
  }

  private logical(op: '&&' | '||', next: () => Node): Node {
    let left = next();
    while (this.takeOp(op)) left = { type: 'logical', op, left, right: next() };
    return left;
  }

  private equality(): Node {
    let left = this.comparison();
    for (let op = this.takeOp('==', '!='); op; op = this.takeOp('==', '!=')) left = { type: 'binary', op, left, right: this.comparison() };
    return left;
  }

  private comparison(): Node {
    let left = this.unary();
    for (let op = this.takeOp('<', '<=', '>', '>='); op; op = this.takeOp('<', '<=', '>', '>=')) left = { type: 'binary', op, left, right: this.unary() };
    return left;
  }

  private unary(): Node {
    if (this.takeOp('!')) return { type: 'not', operand: this.unary() };
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const token = this.next();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value };
      case 'name': {
        const lower = token.value.toLowerCase();
        if (lower === 'null') return { type: 'literal', value: null };
        if (lower === 'true' || lower === 'false') return { type: 'literal', value: lower === 'true' };
        if (this.takeOp('(')) return { type: 'call', name: token.value, args: this.arguments() };
        return { type: 'context', name: token.value };
      }
      case 'op':
        if (token.value === '(') {
          const inner = this.expression();
          this.expectOp(')');
          return inner;
        }
        throw new ExpressionSyntaxError(`unexpected ${describe(token)} at position ${token.at + 1}`, token.at);
      case 'end':
        throw new ExpressionSyntaxError('the expression ends too early', token.at);
    }
  }

  private arguments(): Node[] {
    const args: Node[] = [];
    if (this.takeOp(')')) return args;
    do args.push(this.expression());
    while (this.takeOp(','));
    this.expectOp(')');
    return args;
  }

  private postfix(start: Node): Node {
    let node = start;
    for (;;) {
      if (this.takeOp('.')) {
        if (this.takeOp('*')) {
          node = { type: 'filter', target: node };
          continue;
        }
        const name = this.next();
        if (name.kind !== 'name') throw new ExpressionSyntaxError(`expected a property name after "." at position ${name.at + 1}`, name.at);
        node = { type: 'index', target: node, key: { type: 'literal', value: name.value } };
      } else if (this.takeOp('[')) {
        if (this.takeOp('*')) node = { type: 'filter', target: node };
        else node = { type: 'index', target: node, key: this.expression() };
        this.expectOp(']');
      } else {
        return node;
      }
    }
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private takeOp<T extends string>(...ops: T[]): T | undefined {
    const token = this.peek();
    if (token.kind === 'op' && (ops as string[]).includes(token.value)) {
      this.index += 1;
      return token.value as T;
    }
    return undefined;
  }

  private expectOp(op: string): void {
    const token = this.peek();
    if (!this.takeOp(op)) throw new ExpressionSyntaxError(`expected "${op}" at position ${token.at + 1}, found ${describe(token)}`, token.at);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end';
    case 'string':
      return `'${token.value}'`;
    default:
      return `"${token.value}"`;
  }
}
