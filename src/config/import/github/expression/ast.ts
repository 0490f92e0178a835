/** The parsed form of an expression; evaluate.ts walks it, references.ts lists what it reads. */

export type Node =
  | { type: 'literal'; value: null | boolean | number | string }
  | { type: 'context'; name: string }
  /** `a.b` and `a['b']`: the key is an expression (a literal for `.b`). */
  | { type: 'index'; target: Node; key: Node }
  /** `a.*` / `a[*]`: the values of an object or array, as an array. */
  | { type: 'filter'; target: Node }
  | { type: 'not'; operand: Node }
  | { type: 'binary'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Node; right: Node }
  | { type: 'logical'; op: '&&' | '||'; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[] };
