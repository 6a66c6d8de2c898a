/**
 * Lowers the @lezer/python syntax tree into the typed model of ast.ts.
 *
 * The parser never fails: it recovers from half-typed code and marks the gaps with
 * error nodes. Lowering never throws either: a construct it does not know becomes an
 * `unsupported` expression (the engine turns that into an explicit unknown) or is skipped
 * as a statement, and error nodes are collected so callers can tell broken code apart.
 */
import { parser } from '@lezer/python';
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import type { Arg, ClassDef, DictEntry, Expr, FunctionDef, Generator, Module, Param, Span, Stmt } from './ast';
import { originalOffset, rewriteTrailingDotFloats, type SourceMap } from './trailingDotFloats';

/** What an incremental reparse needs from the previous parse of the same document. */
export interface ParseState {
  tree: Tree;
  /** The text the parser saw (after the trailing-dot rewrite). */
  parsedText: string;
}

/**
 * Parses and lowers. Given the previous parse of the same document, lezer reuses every
 * subtree outside the changed region (found as the common prefix and suffix of the two
 * texts), which is most of the work on a keystroke.
 */
export function parsePython(text: string, previous?: ParseState): { module: Module; state: ParseState } {
  const rewritten = rewriteTrailingDotFloats(text);
  const fragments = previous ? reusableFragments(previous, rewritten.text) : undefined;
  const tree = parser.parse(rewritten.text, fragments);
  const module = lowerTree(tree, rewritten.text);
  if (rewritten.map.inserts.length) mapSpans(module, rewritten.map);
  return { module, state: { tree, parsedText: rewritten.text } };
}

function reusableFragments(previous: ParseState, text: string): readonly TreeFragment[] {
  const old = previous.parsedText;
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let endOld = old.length;
  let endNew = text.length;
  while (endOld > start && endNew > start && old.charCodeAt(endOld - 1) === text.charCodeAt(endNew - 1)) { endOld--; endNew--; }
  return TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), [{ fromA: start, toA: endOld, fromB: start, toB: endNew }]);
}

/** Moves every span of a lowered module from rewritten-text offsets to the user's offsets. */
function mapSpans(module: Module, map: SourceMap): void {
  const seen = new WeakSet<object>();
  const fix = (span: { from: number; to: number }): void => {
    if (seen.has(span)) return;
    seen.add(span);
    (span as { from: number }).from = originalOffset(map, span.from);
    (span as { to: number }).to = originalOffset(map, span.to);
  };
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    if (Array.isArray(node)) { node.forEach(walk); return; }
    const record = node as Record<string, unknown>;
    if (typeof record.from === 'number' && typeof record.to === 'number' && Object.keys(record).length === 2) { fix(record as { from: number; to: number }); return; }
    seen.add(node);
    for (const [key, value] of Object.entries(record)) {
      if (key === 'defStart' && typeof value === 'number') record[key] = originalOffset(map, value);
      else walk(value);
    }
  };
  walk(module);
}

export function lowerTree(tree: Tree, text: string): Module {
  const lowerer = new Lowerer(text);
  const body = lowerer.statements(tree.topNode);
  const errors: Span[] = [];
  const comments: Module['comments'] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push({ from: node.from, to: node.to });
      else if (node.name === 'Comment') comments.push({ span: { from: node.from, to: node.to }, text: text.slice(node.from, node.to) });
    },
  });
  return { body, errors, comments };
}

const COMPARISON_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'is', 'is not', '<>']);

/** Children of a node, skipping comments and recovered-error markers. */
function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'Comment' && !c.type.isError) out.push(c);
  }
  return out;
}

class Lowerer {
  constructor(private readonly text: string) {}

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private span(node: SyntaxNode): Span {
    return { from: node.from, to: node.to };
  }

  statements(container: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    for (const child of children(container)) {
      const stmt = this.statement(child);
      if (stmt) out.push(stmt);
    }
    return out;
  }

  private body(node: SyntaxNode | null | undefined): Stmt[] {
    return node ? this.statements(node) : [];
  }

  private statement(node: SyntaxNode): Stmt | undefined {
    const span = this.span(node);
    switch (node.name) {
      case 'ExpressionStatement': {
        const e = children(node)[0];
        return e ? { k: 'expr', value: this.expr(e), span } : undefined;
      }
      case 'AssignStatement':
        return this.assignment(node);
      case 'UpdateStatement': {
        const [target, op, value] = children(node);
        if (!target || !op || !value) return undefined;
        return { k: 'augassign', target: this.expr(target), op: this.src(op).slice(0, -1), value: this.expr(value), span };
      }
      case 'ReturnStatement': {
        const parts = children(node).slice(1);
        return { k: 'return', value: parts.length ? this.exprList(parts, span) : undefined, span };
      }
      case 'IfStatement':
        return this.ifStatement(children(node), span);
      case 'ForStatement':
        return this.forStatement(node, span);
      case 'WhileStatement': {
        const parts = children(node);
        const bodies = parts.filter((c) => c.name === 'Body');
        const test = parts[1];
        return { k: 'while', test: test ? this.expr(test) : this.unsupported('while', span), body: this.body(bodies[0]), orelse: this.body(bodies[1]), span };
      }
      case 'FunctionDefinition':
        return this.functionDef(node, node, []);
      case 'ClassDefinition':
        return this.classDef(node, node, []);
      case 'DecoratedStatement':
        return this.decorated(node);
      case 'ImportStatement':
        return this.importStatement(node, span);
      case 'WithStatement': {
        const parts = children(node);
        const items: { context: Expr; target?: Expr }[] = [];
        for (let i = 1; i < parts.length; i++) {
          const p = parts[i]!;
          if (p.name === 'Body' || p.name === ',') continue;
          if (p.name === 'as') {
            const t = parts[++i];
            const last = items[items.length - 1];
            if (t && last) last.target = this.expr(t);
            continue;
          }
          items.push({ context: this.expr(p) });
        }
        return { k: 'with', items, body: this.body(parts.find((c) => c.name === 'Body')), span };
      }
      case 'TryStatement': {
        const parts = children(node);
        let body: Stmt[] = [];
        const handlers: Stmt[][] = [];
        let orelse: Stmt[] = [];
        let finalbody: Stmt[] = [];
        let mode = 'try';
        for (const p of parts) {
          if (p.name === 'try' || p.name === 'except' || p.name === 'else' || p.name === 'finally') mode = p.name;
          else if (p.name === 'Body') {
            const stmts = this.body(p);
            if (mode === 'try') body = stmts;
            else if (mode === 'except') handlers.push(stmts);
            else if (mode === 'else') orelse = stmts;
            else finalbody = stmts;
          }
        }
        return { k: 'try', body, handlers, orelse, finalbody, span };
      }
      case 'RaiseStatement':
        return { k: 'raise', span };
      case 'AssertStatement': {
        const test = children(node)[1];
        return { k: 'assert', test: test ? this.expr(test) : this.unsupported('assert', span), span };
      }
      case 'DeleteStatement':
        return { k: 'del', targets: children(node).slice(1).filter((c) => c.name !== ',').map((c) => this.expr(c)), span };
      case 'PassStatement':
        return { k: 'pass', span };
      case 'BreakStatement':
        return { k: 'break', span };
      case 'ContinueStatement':
        return { k: 'continue', span };
      case 'ScopeStatement':
        return { k: 'global', span };
      default:
        return undefined;
    }
  }

  private assignment(node: SyntaxNode): Stmt | undefined {
    const span = this.span(node);
    const parts = children(node);
    // Split on `=` into target groups; the last group is the value.
    const groups: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | undefined;
    for (const p of parts) {
      if (p.name === 'AssignOp') groups.push([]);
      else if (p.name === 'TypeDef') annotation = children(p).find((c) => c.name !== ':');
      else groups[groups.length - 1]!.push(p);
    }
    const exprs = groups.map((g) => this.exprList(g, span));
    if (annotation) {
      const target = exprs[0]!;
      const annotationExpr = this.expr(annotation);
      return { k: 'annassign', target, annotation: annotationExpr, value: groups.length > 1 ? exprs[exprs.length - 1] : undefined, span };
    }
    if (exprs.length < 2) return exprs[0] ? { k: 'expr', value: exprs[0], span } : undefined;
    return { k: 'assign', targets: exprs.slice(0, -1), value: exprs[exprs.length - 1]!, span };
  }

  private ifStatement(parts: SyntaxNode[], span: Span): Stmt {
    // parts: if test Body (elif test Body)* (else Body)?
    const clauses: { test?: SyntaxNode; body?: SyntaxNode }[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === 'if' || p.name === 'elif') clauses.push({ test: parts[i + 1], body: parts.slice(i + 2).find((c) => c.name === 'Body') });
      else if (p.name === 'else') clauses.push({ body: parts[i + 1] });
    }
    const build = (index: number): Stmt[] => {
      const clause = clauses[index];
      if (!clause) return [];
      if (!clause.test) return this.body(clause.body);
      return [{
        k: 'if',
        test: clause.test.name === 'Body' ? this.unsupported('if', span) : this.expr(clause.test),
        body: this.body(clause.body),
        orelse: build(index + 1),
        span,
      }];
    };
    return build(0)[0] ?? { k: 'pass', span };
  }

  private forStatement(node: SyntaxNode, span: Span): Stmt {
    const parts = children(node);
    const inIndex = parts.findIndex((c) => c.name === 'in');
    const bodies = parts.filter((c) => c.name === 'Body');
    const targetNodes = parts.slice(1, inIndex < 0 ? 1 : inIndex);
    const iterNodes = inIndex < 0 ? [] : parts.slice(inIndex + 1).filter((c) => c.name !== 'Body' && c.name !== 'else');
    return {
      k: 'for',
      target: this.exprList(targetNodes, span),
      iter: iterNodes.length ? this.exprList(iterNodes, span) : this.unsupported('for', span),
      body: this.body(bodies[0]),
      orelse: this.body(bodies[1]),
      span,
    };
  }

  private decorated(node: SyntaxNode): Stmt | undefined {
    const decorators: Expr[] = [];
    for (const c of children(node)) {
      if (c.name === 'Decorator') {
        const parts = children(c).filter((p) => p.name !== 'At');
        if (parts.length) decorators.push(this.decorator(parts));
      } else if (c.name === 'FunctionDefinition') return this.functionDef(c, node, decorators);
      else if (c.name === 'ClassDefinition') return this.classDef(c, node, decorators);
    }
    return undefined;
  }

  /**
   * `not x`. @lezer/python parses `not a and b` as `not (a and b)`, but in Python `not` binds
   * tighter than `and`/`or` (and looser than comparisons): `(not a) and b`. So the `not` goes
   * down the and/or chain it was handed to the leftmost operand; a parenthesized operand
   * (`not (a and b)`) is a node of its own and is left whole.
   */
  private notExpression(operand: SyntaxNode, from: number): Expr {
    const parts = operand.name === 'BinaryExpression' ? children(operand) : [];
    const op = parts[1] ? this.src(parts[1]) : undefined;
    if ((op === 'and' || op === 'or') && parts[0] && parts[2]) {
      const left = this.notExpression(parts[0], from);
      return { k: 'boolop', op, left, right: this.expr(parts[2]), span: { from, to: operand.to } };
    }
    return { k: 'unary', op: 'not', operand: this.expr(operand), span: { from, to: operand.to } };
  }

  /** `@a.b(c)` arrives as flat pieces (`a`, `.`, `b`, `(c)`): rebuilt into the expression. */
  private decorator(parts: SyntaxNode[]): Expr {
    const first = parts[0]!;
    if (first.name !== 'VariableName') return this.unsupported('decorator', { from: first.from, to: parts[parts.length - 1]!.to });
    let expr: Expr = this.expr(first);
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      const span = { from: first.from, to: p.to };
      if (p.name === '.') continue;
      if (p.name === 'ArgList') expr = { k: 'call', fn: expr, args: this.args(p), span };
      else if (p.name === 'VariableName' || p.name === 'PropertyName') expr = { k: 'attr', obj: expr, name: this.src(p), span };
      else return this.unsupported('decorator', span);
    }
    return expr;
  }

  private functionDef(node: SyntaxNode, outer: SyntaxNode, decorators: Expr[]): FunctionDef {
    const parts = children(node);
    const nameNode = parts.find((c) => c.name === 'VariableName');
    const paramList = parts.find((c) => c.name === 'ParamList');
    const returns = parts.find((c) => c.name === 'TypeDef');
    const returnsExpr = returns ? children(returns)[0] : undefined;
    return {
      k: 'def',
      name: nameNode ? this.src(nameNode) : '?',
      params: paramList ? this.params(paramList) : [],
      body: this.body(parts.find((c) => c.name === 'Body')),
      decorators,
      returns: returnsExpr ? this.expr(returnsExpr) : undefined,
      span: this.span(outer),
      defStart: node.from,
      nameSpan: nameNode ? this.span(nameNode) : this.span(node),
    };
  }

  private classDef(node: SyntaxNode, outer: SyntaxNode, decorators: Expr[]): ClassDef {
    const parts = children(node);
    const nameNode = parts.find((c) => c.name === 'VariableName');
    const argList = parts.find((c) => c.name === 'ArgList');
    return {
      k: 'class',
      name: nameNode ? this.src(nameNode) : '?',
      bases: argList ? this.args(argList) : [],
      body: this.body(parts.find((c) => c.name === 'Body')),
      decorators,
      span: this.span(outer),
      defStart: node.from,
      nameSpan: nameNode ? this.span(nameNode) : this.span(node),
    };
  }

  private params(list: SyntaxNode): Param[] {
    const out: Param[] = [];
    let keywordOnly = false;
    let star: 0 | 1 | 2 = 0;
    const parts = children(list);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '*') {
        // A bare `*` only starts the keyword-only parameters.
        star = parts[i + 1]?.name === 'VariableName' ? 1 : 0;
        keywordOnly = true;
        continue;
      }
      if (p.name === '**') { star = 2; continue; }
      if (p.name === 'VariableName') {
        const param: Param = {
          name: this.src(p),
          kind: star === 1 ? 'varargs' : star === 2 ? 'kwargs' : keywordOnly ? 'keyword-only' : 'positional',
          span: this.span(p),
        };
        star = 0;
        const next = parts[i + 1];
        if (next?.name === 'TypeDef') {
          const ann = children(next).find((c) => c.name !== ':');
          if (ann) param.annotation = this.expr(ann);
          i++;
        }
        if (parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
          param.default = this.expr(parts[i + 2]!);
          i += 2;
        }
        out.push(param);
      }
    }
    return out;
  }

  private args(list: SyntaxNode): Arg[] {
    const out: Arg[] = [];
    const parts = children(list);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '(' || p.name === ')' || p.name === ',') continue;
      if (p.name === '*' || p.name === '**') {
        const v = parts[i + 1];
        if (v) out.push({ star: p.name === '*' ? 1 : 2, value: this.expr(v), span: { from: p.from, to: v.to } });
        i++;
        continue;
      }
      if (p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
        const v = parts[i + 2]!;
        out.push({ name: this.src(p), value: this.expr(v), span: { from: p.from, to: v.to } });
        i += 2;
        continue;
      }
      if (parts[i + 1]?.name === 'for') {
        // A bare generator argument: f(x for x in y).
        const end = parts.findIndex((c, j) => j > i && c.name === ')');
        const slice = parts.slice(i, end < 0 ? undefined : end);
        const span = { from: p.from, to: slice[slice.length - 1]!.to };
        out.push({ value: this.comprehension('gen', slice, span), span });
        break;
      }
      out.push({ value: this.expr(p), span: this.span(p) });
    }
    return out;
  }

  private importStatement(node: SyntaxNode, span: Span): Stmt {
    const parts = children(node);
    if (parts[0]?.name === 'from') {
      let level = 0;
      let module = '';
      let i = 1;
      for (; i < parts.length && parts[i]!.name !== 'import'; i++) {
        const p = parts[i]!;
        if (p.name === '.' && !module) level++;
        else if (p.name === 'Ellipsis') level += 3;
        else if (p.name === '.') module += '.';
        else module += this.src(p);
      }
      const names: { name: string; asname?: string }[] = [];
      for (i++; i < parts.length; i++) {
        const p = parts[i]!;
        if (p.name === 'VariableName' || p.name === '*') names.push({ name: this.src(p) });
        else if (p.name === 'as' && parts[i + 1]) names[names.length - 1]!.asname = this.src(parts[++i]!);
      }
      return { k: 'from', module, level, names, span };
    }
    const names: { module: string; asname?: string }[] = [];
    let current = '';
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === ',') { if (current) names.push({ module: current }); current = ''; }
      else if (p.name === 'as' && parts[i + 1]) { names.push({ module: current, asname: this.src(parts[++i]!) }); current = ''; }
      else if (p.name === '.') current += '.';
      else current += this.src(p);
    }
    if (current) names.push({ module: current });
    return { k: 'import', names, span };
  }

  private unsupported(what: string, span: Span): Expr {
    return { k: 'unsupported', what, span };
  }

  /** A comma-separated run of expression nodes: one expression, or a tuple. */
  private exprList(nodes: SyntaxNode[], fallback: Span): Expr {
    const items: Expr[] = [];
    let trailingComma = false;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.name === ',') { trailingComma = true; continue; }
      trailingComma = false;
      if (n.name === '*' && nodes[i + 1]) {
        const v = nodes[++i]!;
        items.push({ k: 'starred', value: this.expr(v), double: false, span: { from: n.from, to: v.to } });
      } else items.push(this.expr(n));
    }
    if (items.length === 1 && !trailingComma) return items[0]!;
    const span = nodes.length ? { from: nodes[0]!.from, to: nodes[nodes.length - 1]!.to } : fallback;
    return { k: 'tuple', items, span };
  }

  expr(node: SyntaxNode): Expr {
    const span = this.span(node);
    // Leaves first: most nodes are names and literals, and have no children to list.
    switch (node.name) {
      case 'VariableName':
        return { k: 'name', id: this.src(node), span };
      case 'Number':
        return this.number(this.src(node), span);
      case 'String':
        return { k: 'str', value: unquote(this.src(node)), span };
      case 'Boolean':
        return { k: 'const', value: this.src(node) === 'True', span };
      case 'None':
        return { k: 'const', value: null, span };
      case 'Ellipsis':
        return { k: 'const', value: 'ellipsis', span };
    }
    const parts = children(node);
    switch (node.name) {
      case 'ContinuedString':
        return { k: 'str', value: parts.map((p) => unquote(this.src(p))).join(''), span };
      case 'FormatString':
        return this.formatString(node, span);
      case 'ParenthesizedExpression': {
        const inner = parts.filter((p) => p.name !== '(' && p.name !== ')');
        return inner.length === 1 ? this.expr(inner[0]!) : this.exprList(inner, span);
      }
      case 'TupleExpression':
        return { k: 'tuple', items: this.items(parts), span };
      case 'ArrayExpression':
        return { k: 'list', items: this.items(parts), span };
      case 'SetExpression':
        return { k: 'set', items: this.items(parts), span };
      case 'DictionaryExpression':
        return { k: 'dict', entries: this.dictEntries(parts), span };
      case 'ArrayComprehensionExpression':
        return this.comprehension('list', parts.slice(1, -1), span);
      case 'SetComprehensionExpression':
        return this.comprehension('set', parts.slice(1, -1), span);
      case 'ComprehensionExpression':
        return this.comprehension('gen', parts.slice(1, -1), span);
      case 'DictionaryComprehensionExpression':
        return this.comprehension('dict', parts.slice(1, -1), span);
      case 'MemberExpression':
        return this.member(parts, span);
      case 'CallExpression': {
        const fn = parts[0];
        const argList = parts.find((p) => p.name === 'ArgList');
        if (!fn) return this.unsupported('call', span);
        return { k: 'call', fn: this.expr(fn), args: argList ? this.args(argList) : [], span };
      }
      case 'BinaryExpression':
        return this.binary(parts, span);
      case 'UnaryExpression': {
        const operand = parts[parts.length - 1];
        const op = parts[0] ? this.src(parts[0]) : '?';
        if (!operand) return this.unsupported('unary', span);
        if (op === 'not') return this.notExpression(operand, span.from);
        return { k: 'unary', op, operand: this.expr(operand), span };
      }
      case 'ConditionalExpression': {
        const [body, , test, , orelse] = parts;
        if (!body || !test || !orelse) return this.unsupported('conditional', span);
        return { k: 'ifexp', test: this.expr(test), body: this.expr(body), orelse: this.expr(orelse), span };
      }
      case 'LambdaExpression': {
        const list = parts.find((p) => p.name === 'ParamList');
        const body = parts[parts.length - 1];
        return body ? { k: 'lambda', params: list ? this.params(list) : [], body: this.expr(body), span } : this.unsupported('lambda', span);
      }
      case 'AwaitExpression':
      case 'YieldExpression':
      case 'NamedExpression':
      default:
        return this.unsupported(node.name, span);
    }
  }

  private formatString(node: SyntaxNode, span: Span): Expr {
    const raw = this.src(node);
    const quote = /^[a-zA-Z]*('''|"""|'|")/.exec(raw);
    const bodyStart = node.from + (quote ? quote[0].length : 0);
    const bodyEnd = node.to - (quote ? quote[1]!.length : 0);
    const parts: (string | Expr)[] = [];
    let cursor = bodyStart;
    for (const rep of children(node)) {
      if (rep.name !== 'FormatReplacement') continue;
      if (rep.from > cursor) parts.push(this.text.slice(cursor, rep.from));
      const inner = children(rep).find((c) => c.name !== '{' && c.name !== '}' && c.name !== 'FormatSpec' && c.name !== 'FormatConversion');
      parts.push(inner ? this.expr(inner) : this.unsupported('f-string', span));
      cursor = rep.to;
    }
    if (bodyEnd > cursor) parts.push(this.text.slice(cursor, bodyEnd));
    return { k: 'fstring', parts, span };
  }

  private number(text: string, span: Span): Expr {
    const clean = text.replace(/_/g, '');
    // A complex literal (`-1j * f * w`): a scalar whose value is not followed (NaN).
    if (/[jJ]$/.test(clean)) return { k: 'num', value: NaN, isFloat: true, span };
    if (/^0[xob]/i.test(clean)) return { k: 'num', value: Number(clean), isFloat: false, span };
    const isFloat = /[.eE]/.test(clean);
    return { k: 'num', value: Number(clean), isFloat, span };
  }

  private items(parts: SyntaxNode[]): Expr[] {
    const out: Expr[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '(' || p.name === ')' || p.name === '[' || p.name === ']' || p.name === '{' || p.name === '}' || p.name === ',') continue;
      if (p.name === '*' && parts[i + 1]) {
        const v = parts[++i]!;
        out.push({ k: 'starred', value: this.expr(v), double: false, span: { from: p.from, to: v.to } });
        continue;
      }
      out.push(this.expr(p));
    }
    return out;
  }

  private dictEntries(parts: SyntaxNode[]): DictEntry[] {
    const out: DictEntry[] = [];
    const inner = parts.filter((p) => p.name !== '{' && p.name !== '}');
    for (let i = 0; i < inner.length; i++) {
      const p = inner[i]!;
      if (p.name === ',') continue;
      if (p.name === '**' && inner[i + 1]) { out.push({ value: this.expr(inner[++i]!) }); continue; }
      if (inner[i + 1]?.name === ':' && inner[i + 2]) {
        out.push({ key: this.expr(p), value: this.expr(inner[i + 2]!) });
        i += 2;
      }
    }
    return out;
  }

  private comprehension(kind: 'list' | 'set' | 'gen' | 'dict', parts: SyntaxNode[], span: Span): Expr {
    const firstFor = parts.findIndex((p) => p.name === 'for');
    if (firstFor < 1) return this.unsupported('comprehension', span);
    const head = parts.slice(0, firstFor);
    let elt: Expr;
    let value: Expr | undefined;
    if (kind === 'dict') {
      const colon = head.findIndex((p) => p.name === ':');
      elt = this.exprList(head.slice(0, colon), span);
      value = this.exprList(head.slice(colon + 1), span);
    } else elt = this.exprList(head, span);
    const generators: Generator[] = [];
    let i = firstFor;
    while (i < parts.length) {
      // for TARGET in ITER (if COND)*
      const inIndex = parts.findIndex((p, j) => j > i && p.name === 'in');
      if (inIndex < 0) break;
      let end = parts.findIndex((p, j) => j > inIndex && (p.name === 'for' || p.name === 'if'));
      if (end < 0) end = parts.length;
      const gen: Generator = { target: this.exprList(parts.slice(i + 1, inIndex), span), iter: this.exprList(parts.slice(inIndex + 1, end), span), ifs: [] };
      i = end;
      while (i < parts.length && parts[i]!.name === 'if') {
        let next = parts.findIndex((p, j) => j > i && (p.name === 'for' || p.name === 'if'));
        if (next < 0) next = parts.length;
        gen.ifs.push(this.exprList(parts.slice(i + 1, next), span));
        i = next;
      }
      generators.push(gen);
    }
    return { k: 'comprehension', kind, elt, value, generators, span };
  }

  private member(parts: SyntaxNode[], span: Span): Expr {
    const objNode = parts[0];
    if (!objNode) return this.unsupported('member', span);
    const obj = this.expr(objNode);
    if (parts[1]?.name === '.') {
      const prop = parts[2];
      return prop ? { k: 'attr', obj, name: this.src(prop), span } : this.unsupported('member', span);
    }
    // Subscript: split the bracket contents on commas, each piece on colons.
    const inner = parts.slice(2, parts[parts.length - 1]?.name === ']' ? -1 : undefined);
    const pieces: SyntaxNode[][] = [[]];
    for (const p of inner) {
      if (p.name === ',') pieces.push([]);
      else pieces[pieces.length - 1]!.push(p);
    }
    if (pieces.length > 1 && pieces[pieces.length - 1]!.length === 0) pieces.pop();
    const indexItems = pieces.map((piece) => this.sliceOrExpr(piece, span));
    const index: Expr = indexItems.length === 1 ? indexItems[0]! : { k: 'tuple', items: indexItems, span };
    return { k: 'subscript', obj, index, span };
  }

  private sliceOrExpr(piece: SyntaxNode[], span: Span): Expr {
    if (!piece.some((p) => p.name === ':')) {
      if (piece.length === 2 && piece[0]!.name === '*') return { k: 'starred', value: this.expr(piece[1]!), double: false, span };
      return piece.length ? this.expr(piece[0]!) : this.unsupported('index', span);
    }
    const slots: (Expr | undefined)[] = [undefined];
    for (const p of piece) {
      if (p.name === ':') slots.push(undefined);
      else slots[slots.length - 1] = this.expr(p);
    }
    const from = piece[0]!.from;
    const to = piece[piece.length - 1]!.to;
    return { k: 'slice', lower: slots[0], upper: slots[1], step: slots[2], span: { from, to } };
  }

  private binary(parts: SyntaxNode[], span: Span): Expr {
    const left = parts[0];
    const right = parts[parts.length - 1];
    if (!left || !right || parts.length < 3) return this.unsupported('binary', span);
    // One operator token, or two (`not in`, `is not`).
    const op = parts.length === 3 ? this.src(parts[1]!) : parts.slice(1, -1).map((p) => this.src(p)).join(' ');
    const l = this.expr(left);
    const r = this.expr(right);
    if (op === 'and' || op === 'or') return { k: 'boolop', op, left: l, right: r, span };
    if (COMPARISON_OPERATORS.has(op)) {
      // Chained comparisons (a < b < c) parse left-nested; flatten them.
      if (l.k === 'compare' && left.name === 'BinaryExpression' && !this.src(left).startsWith('(')) {
        return { k: 'compare', ops: [...l.ops, op], operands: [...l.operands, r], span };
      }
      return { k: 'compare', ops: [op], operands: [l, r], span };
    }
    return { k: 'binary', op, left: l, right: r, span };
  }
}

/** The value of a Python string literal (prefixes and quotes stripped, simple escapes). */
export function unquote(raw: string): string {
  // Scanned by hand: a regex over every docstring of a file was a tenth of its lowering.
  let open = 0;
  while (open < raw.length && 'rRbBuUfF'.includes(raw[open]!)) open++;
  const quote = raw.startsWith("'''", open) || raw.startsWith('"""', open) ? raw.slice(open, open + 3) : raw[open];
  if (quote !== "'" && quote !== '"' && quote?.length !== 3) return raw;
  const start = open + quote.length;
  // An unterminated literal (half-typed code) runs to the end of its text.
  const end = raw.length - quote.length >= start && raw.endsWith(quote) ? raw.length - quote.length : raw.length;
  const body = raw.slice(start, end);
  if (/[rR]/.test(raw.slice(0, open)) || !body.includes('\\')) return body;
  return body.replace(/\\(n|t|\\|'|")/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}
