/**
 * `${{ … }}` inside YAML strings: the text is split into literal parts and
 * expressions (a `}}` inside a quoted string does not end one). A value that is
 * a single expression and nothing else keeps the expression's own type, so
 * `continue-on-error: ${{ matrix.experimental }}` is a boolean and
 * `matrix: ${{ fromJSON(…) }}` an object.
 */
import type { Node } from './ast.js';
import { evaluate, type EvaluationScope } from './evaluate.js';
import { ExpressionSyntaxError } from './lexer.js';
import { parseExpression } from './parser.js';
import { toText, type Value } from './values.js';

export type Segment = { kind: 'text'; text: string } | { kind: 'expression'; source: string; node: Node };

const OPEN = '${{';

export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

export function splitTemplate(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf(OPEN, at);
    if (open < 0) break;
    if (open > at) segments.push({ kind: 'text', text: text.slice(at, open) });
    const close = closingBraces(text, open + OPEN.length);
    if (close < 0) throw new ExpressionSyntaxError(`"\${{" at position ${open + 1} is not closed with "}}"`, open);
    const source = text.slice(open + OPEN.length, close).trim();
    if (source === '') throw new ExpressionSyntaxError(`empty "\${{ }}" at position ${open + 1}`, open);
    segments.push({ kind: 'expression', source, node: parseExpression(source) });
    at = close + 2;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return segments;
}

/** Index of the `}}` that ends an expression starting at `from`, skipping quoted strings; -1 when none. */
function closingBraces(text: string, from: number): number {
  let quoted = false;
  for (let at = from; at < text.length; at += 1) {
    const char = text[at];
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '}' && text[at + 1] === '}') return at;
  }
  return -1;
}

/** The string with every expression replaced by its value as text. */
export function interpolate(text: string, scope: EvaluationScope): string {
  if (!hasExpression(text)) return text;
  return splitTemplate(text)
    .map((segment) => (segment.kind === 'text' ? segment.text : toText(evaluate(segment.node, scope))))
    .join('');
}

/** A YAML value with its expressions evaluated; a lone `${{ x }}` keeps x's type. */
export function evaluateValue(value: unknown, scope: EvaluationScope): Value | undefined {
  if (typeof value !== 'string') return value as Value | undefined;
  const single = loneExpression(value);
  return single === undefined ? interpolate(value, scope) : evaluate(single, scope);
}

/** The expression when `text` is exactly one `${{ … }}` (surrounding blanks allowed). */
export function loneExpression(text: string): Node | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(OPEN) || !trimmed.endsWith('}}')) return undefined;
  const segments = splitTemplate(trimmed);
  return segments.length === 1 && segments[0]!.kind === 'expression' ? segments[0]!.node : undefined;
}

/** An `if:` condition: written bare, or wrapped in one `${{ }}`. */
export function conditionNode(text: string): Node {
  return loneExpression(text) ?? parseExpression(text);
}
