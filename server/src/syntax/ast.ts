/**
 * The small typed model of Python that the shape engine follows.
 *
 * The parser's tree is lowered into these nodes once (see lower.ts); nothing past this
 * point looks at parser nodes, so the parser stays swappable. Every node keeps the
 * character offsets of its source so results can be placed back on the text.
 */

export interface Span {
  readonly from: number;
  readonly to: number;
}

export type Expr =
  | { k: 'name'; id: string; span: Span }
  | { k: 'num'; value: number; isFloat: boolean; span: Span }
  | { k: 'str'; value: string; span: Span }
  | { k: 'const'; value: boolean | null | 'ellipsis'; span: Span }
  | { k: 'attr'; obj: Expr; name: string; span: Span }
  | { k: 'subscript'; obj: Expr; index: Expr; span: Span }
  | { k: 'slice'; lower?: Expr; upper?: Expr; step?: Expr; span: Span }
  | { k: 'call'; fn: Expr; args: Arg[]; span: Span }
  | { k: 'binary'; op: string; left: Expr; right: Expr; span: Span }
  | { k: 'compare'; ops: string[]; operands: Expr[]; span: Span }
  | { k: 'boolop'; op: 'and' | 'or'; left: Expr; right: Expr; span: Span }
  | { k: 'unary'; op: string; operand: Expr; span: Span }
  | { k: 'tuple'; items: Expr[]; span: Span }
  | { k: 'list'; items: Expr[]; span: Span }
  | { k: 'set'; items: Expr[]; span: Span }
  | { k: 'dict'; entries: DictEntry[]; span: Span }
  | { k: 'starred'; value: Expr; double: boolean; span: Span }
  | { k: 'ifexp'; test: Expr; body: Expr; orelse: Expr; span: Span }
  | { k: 'comprehension'; kind: 'list' | 'set' | 'gen' | 'dict'; elt: Expr; value?: Expr; generators: Generator[]; span: Span }
  | { k: 'lambda'; params: Param[]; body: Expr; span: Span }
  /** f"...": literal pieces and replacement expressions in order. */
  | { k: 'fstring'; parts: (string | Expr)[]; span: Span }
  | { k: 'unsupported'; what: string; span: Span };

export interface Arg {
  /** Keyword name for `name=value`. */
  name?: string;
  /** 1 for `*value`, 2 for `**value`. */
  star?: 1 | 2;
  value: Expr;
  span: Span;
}

export interface DictEntry {
  /** Absent for a `**spread` entry. */
  key?: Expr;
  value: Expr;
}

export interface Generator {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Param {
  name: string;
  kind: 'positional' | 'varargs' | 'keyword-only' | 'kwargs';
  default?: Expr;
  annotation?: Expr;
  span: Span;
}

export interface FunctionDef {
  k: 'def';
  name: string;
  params: Param[];
  body: Stmt[];
  decorators: Expr[];
  returns?: Expr;
  /** The whole statement, decorators included. */
  span: Span;
  /** Where the `def` keyword begins (after decorators). */
  defStart: number;
  nameSpan: Span;
}

export interface ClassDef {
  k: 'class';
  name: string;
  bases: Arg[];
  body: Stmt[];
  decorators: Expr[];
  span: Span;
  defStart: number;
  nameSpan: Span;
}

export type Stmt =
  | { k: 'expr'; value: Expr; span: Span }
  | { k: 'assign'; targets: Expr[]; value: Expr; span: Span }
  | { k: 'augassign'; target: Expr; op: string; value: Expr; span: Span }
  | { k: 'annassign'; target: Expr; annotation: Expr; value?: Expr; span: Span }
  | { k: 'return'; value?: Expr; span: Span }
  | { k: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { k: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { k: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | FunctionDef
  | ClassDef
  | { k: 'import'; names: { module: string; asname?: string }[]; span: Span }
  | { k: 'from'; module: string; level: number; names: { name: string; asname?: string }[]; span: Span }
  | { k: 'with'; items: { context: Expr; target?: Expr }[]; body: Stmt[]; span: Span }
  | { k: 'try'; body: Stmt[]; handlers: Stmt[][]; orelse: Stmt[]; finalbody: Stmt[]; span: Span }
  | { k: 'raise'; span: Span }
  | { k: 'assert'; test: Expr; span: Span }
  | { k: 'del'; targets: Expr[]; span: Span }
  | { k: 'pass' | 'break' | 'continue' | 'global'; span: Span };

export interface Module {
  body: Stmt[];
  /** Offsets of syntax errors the parser recovered from. */
  errors: Span[];
  /** Comments, in order: the engine reads `# shapelint:` directives from them. */
  comments: { span: Span; text: string }[];
}
