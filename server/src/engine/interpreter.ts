/**
 * The abstract interpreter: runs the Python that model code uses (classes, helpers,
 * loops, lists, `nn.Module` construction and `forward`) on values where tensors are known
 * only by their shape. Anything it cannot follow evaluates to `unknown` with a reason; it
 * never throws on user code. Library names resolve through externs.ts, layers through the
 * catalogue, and every layer call and tensor op lands in the Recorder.
 */
import type { Arg, ClassDef, Expr, FunctionDef, Span, Stmt } from '../syntax/ast';
import { parsePython } from '../syntax/lower';
import { binaryOp, compareOp, unaryOp, valuesEqual } from './arith';
import { getAttribute, setAttribute } from './attributes';
import { pythonBuiltins } from './builtins';
import { addChild, constructExternClass, callModule, externForward, externInit, isModuleClass, createUserObject, nextKey } from './modules';
import { canonicalTorchName, resolveExtern } from './externs';
import { inertLoopNames } from './inertLoops';
import { Recorder, type LayerRecord } from './records';
import { indexTensor, runOp, tensorOperator } from '../ops/operators';
import { torchFunctions } from '../ops/catalog';
import { subscript, setSubscript } from './subscript';
import {
  DATACLASS_FIELD, ELLIPSIS, FALSE, NONE, NO_KWARGS, NO_SITE, TRUE, boolValue, deleteChild, dictIndex, formatValue, intValue, iterItems, namedtupleBase, newScope, setAttr, truthy, unknown,
  type CallSite, type ClassValue, type LambdaDef, type PyObject, type Scope, type Value,
} from './values';

/**
 * How a statement ended when not normally: `return` (with its value), `break` or
 * `continue`. Statements return these rather than throw them: a throw costs about a
 * microsecond, and model code returns from every helper and block it calls.
 */
class Return { constructor(readonly value: Value) {} }
const BREAK = { completion: 'break' } as const;
const CONTINUE = { completion: 'continue' } as const;
type Completion = Return | typeof BREAK | typeof CONTINUE | undefined;
/** A `raise` that was certainly reached: the code path stops here. */
export class RaiseSignal { constructor(readonly span: Span) {} }
/** The analysis ran out of its step budget (a hostile or huge input). */
export class BudgetExceeded {}

const MAX_CALL_DEPTH = 120;
const TENSOR_CLASSES = new Set(['torch.Tensor', 'torch.FloatTensor', 'torch.LongTensor']);
const WRONG_ARGUMENTS = 'missing or unexpected arguments for';

export interface InterpreterOptions {
  /** Step budget: statements + calls evaluated before giving up. */
  maxSteps?: number;
  /** Keep the arithmetic behind each shape on its record (the hover shows it); default true. */
  explain?: boolean;
}

/** Sources other than the analyzed file (library stubs) run with `inUserFile` false. */
export interface SourceFile {
  inUserFile: boolean;
}

export class Interpreter {
  readonly recorder: Recorder;
  readonly globals: Scope;
  /** > 0 while running some model's forward: module calls then run and record. */
  forwardDepth = 0;
  /** Module calls made outside any forward (e.g. `model(torch.randn(...))` in `__main__`). */
  readonly inputHints: { obj: PyObject; args: Value[]; via?: string }[] = [];
  /** The model being run: it gets no record of its own. */
  modelRoot?: PyObject;
  /** Objects created by top-level calls of a function: `resnet18()` → its model. */
  readonly createdBy = new Map<PyObject, string>();
  /** Records of the module calls in progress (undefined for calls that get no record). */
  readonly moduleStack: (LayerRecord | undefined)[] = [];
  private steps = 0;
  /** Branches taken on conditions that could not be decided, so far. */
  guesses = 0;
  private readonly maxSteps: number;
  private callDepth = 0;

  /** The analyzed text, for placing calls that span lines. */
  source?: string;

  constructor(options: InterpreterOptions = {}) {
    this.maxSteps = options.maxSteps ?? 3_000_000;
    this.recorder = new Recorder(options.explain ?? true);
    const builtinScope = newScope(undefined, false, pythonBuiltins(this));
    this.globals = newScope(builtinScope, true);
    this.globals.vars.set('__name__', { t: 'str', v: '__main__' });
  }

  /** True while running a function (a constructor, a helper), not the file's top level. */
  get insideCall(): boolean {
    return this.callDepth > 0;
  }

  tick(): void {
    if (++this.steps > this.maxSteps) throw new BudgetExceeded();
  }

  // ---- statements -------------------------------------------------------------------

  /** Runs statements until one ends abruptly (`return`, `break`, `continue`), and says how. */
  execBlock(body: Stmt[], scope: Scope): Completion {
    for (const stmt of body) {
      const completion = this.exec(stmt, scope);
      if (completion) return completion;
    }
    return undefined;
  }

  exec(stmt: Stmt, scope: Scope): Completion {
    this.tick();
    switch (stmt.k) {
      case 'expr':
        this.eval(stmt.value, scope);
        return;
      case 'assign': {
        const value = this.eval(stmt.value, scope);
        for (const target of stmt.targets) this.assign(target, value, scope);
        return;
      }
      case 'annassign':
        if (stmt.value) this.assign(stmt.target, this.eval(stmt.value, scope), scope);
        return;
      case 'augassign':
        this.augAssign(stmt, scope);
        return;
      case 'return':
        return new Return(stmt.value ? this.eval(stmt.value, scope) : NONE);
      case 'if':
        return this.execIf(stmt, scope);
      case 'for':
        return this.execFor(stmt, scope);
      case 'while': {
        for (let guard = 0; guard < 10_000; guard++) {
          const test = truthy(this.eval(stmt.test, scope));
          if (test === undefined) {
            this.taintSkipped(stmt.body, scope, 'changed in a loop with an unknown condition');
            return;
          }
          if (!test) return this.execBlock(stmt.orelse, scope);
          const completion = this.execBlock(stmt.body, scope);
          if (completion === BREAK) return;
          if (completion instanceof Return) return completion;
        }
        return;
      }
      case 'def':
        scope.vars.set(stmt.name, this.decorate(stmt, { t: 'func', fn: stmt, scope, defaults: this.evalDefaults(stmt.params, scope) }, scope));
        return;
      case 'class':
        scope.vars.set(stmt.name, this.decorate(stmt, this.defineClass(stmt, scope), scope));
        return;
      case 'import':
        for (const { module, asname } of stmt.names) {
          if (asname) scope.vars.set(asname, this.importModule(module));
          else {
            const top = module.split('.')[0]!;
            scope.vars.set(top, this.importModule(top));
          }
        }
        return;
      case 'from': {
        const base = stmt.level > 0 ? `${'.'.repeat(stmt.level)}${stmt.module}` : stmt.module;
        for (const { name, asname } of stmt.names) {
          if (name === '*') continue;
          scope.vars.set(asname ?? name, this.importName(base, name));
        }
        return;
      }
      case 'with':
        for (const item of stmt.items) {
          this.eval(item.context, scope);
          if (item.target) this.assign(item.target, unknown('context manager value'), scope);
        }
        return this.execBlock(stmt.body, scope);
      case 'try': {
        let completion: Completion;
        try {
          completion = this.execBlock(stmt.body, scope) ?? this.execBlock(stmt.orelse, scope);
        } catch (e) {
          if (!(e instanceof RaiseSignal)) throw e;
          // An exception that the code itself handles: follow the first handler.
          if (stmt.handlers[0]) completion = this.execBlock(stmt.handlers[0], scope);
        }
        // A `return` in `finally` wins over the one in the body, as in Python.
        return this.execBlock(stmt.finalbody, scope) ?? completion;
      }
      case 'raise':
        throw new RaiseSignal(stmt.span);
      case 'del':
        for (const t of stmt.targets) {
          if (t.k === 'name') scope.vars.delete(t.id);
          else if (t.k === 'subscript') deleteItem(this.eval(t.obj, scope), this.eval(t.index, scope));
        }
        return;
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'assert':
        this.checkAssert(stmt, scope);
        return;
      case 'pass':
      case 'global':
        return;
    }
  }

  private execIf(stmt: Extract<Stmt, { k: 'if' }>, scope: Scope): Completion {
    const condition = this.eval(stmt.test, scope);
    const test = truthy(condition);
    if (test === true) return this.execBlock(stmt.body, scope);
    if (test === false) return this.execBlock(stmt.orelse, scope);
    // Unknown condition: follow the branch that does not give up (raise), and let nothing
    // found after this guess become an error. In a forward the guess can flow anywhere
    // (variables, return values), so errors stay off for the rest of that model's run.
    const bodyGivesUp = stmt.body.some((s) => s.k === 'raise');
    this.recorder.uncertain++;
    // Skipping a validation (`if bad: raise ...`) builds what valid code builds, and a test
    // on tensor data (`if torch.det(W) < 0: W[:, 0] *= -1`) changes values; any other
    // guess may build something else.
    if (!bodyGivesUp && condition.t !== 'tensor') this.guesses++;
    try {
      return this.execBlock(bodyGivesUp ? stmt.orelse : stmt.body, scope);
    } catch (e) {
      if (!(e instanceof RaiseSignal)) throw e;
      return undefined;
    } finally {
      if (this.forwardDepth === 0) this.recorder.uncertain--;
    }
  }

  private execFor(stmt: Extract<Stmt, { k: 'for' }>, scope: Scope): Completion {
    if (this.forwardDepth === 0) {
      const skipped = inertLoopNames(stmt);
      if (skipped) {
        for (const name of skipped) scope.vars.set(name, unknown('set in a weight-initialisation loop'));
        return;
      }
    }
    const iterable = this.eval(stmt.iter, scope);
    const items = this.iterateRecorded(iterable, scope.inUser ? stmt.span : undefined);
    if (!items) {
      const reason = iterable.t === 'unknown' ? iterable.reason : `cannot iterate over ${iterable.t}`;
      this.noteUnknownAt(stmt.iter.span, reason);
      this.taintSkipped(stmt.body, scope, `changed in a loop over an unknown iterable (${reason})`);
      return;
    }
    for (const item of items) {
      this.assign(stmt.target, item, scope);
      const completion = this.execBlock(stmt.body, scope);
      if (completion === BREAK) return;
      if (completion instanceof Return) return completion;
    }
    return this.execBlock(stmt.orelse, scope);
  }

  /**
   * A loop body that could not be followed may or may not have run: everything it would
   * change becomes unknown — variables it assigns, attributes it sets, and lists or module
   * containers it appends to (`self.layers += [...]`, `layers.append(...)`). Otherwise the
   * values from before the loop would flow on as if nothing happened.
   */
  private taintSkipped(body: Stmt[], scope: Scope, reason: string): void {
    const taint = (target: Expr): void => {
      if (target.k === 'name') scope.vars.set(target.id, unknown(reason));
      else if (target.k === 'tuple' || target.k === 'list') target.items.forEach(taint);
      else if (target.k === 'starred') taint(target.value);
      else if (target.k === 'attr' || target.k === 'subscript') {
        const owner = target.k === 'attr' ? this.eval(target, scope) : this.eval(target.obj, scope);
        if (owner.t === 'object' && owner.obj.module?.container) owner.obj.module.incomplete ??= reason;
        else if (target.k === 'attr') setAttribute(this, this.eval(target.obj, scope), target.name, unknown(reason));
        else taint(target.obj);
      }
    };
    const mutators = new Set(['append', 'extend', 'insert', 'add_module', 'register_module', 'update', 'setdefault', 'pop']);
    const visit = (stmts: Stmt[]): void => {
      for (const st of stmts) {
        if (st.k === 'assign') st.targets.forEach(taint);
        else if (st.k === 'augassign' || st.k === 'annassign') taint(st.target);
        else if (st.k === 'for') { taint(st.target); visit(st.body); visit(st.orelse); }
        else if (st.k === 'if' || st.k === 'while') { visit(st.body); visit(st.orelse); }
        else if (st.k === 'with' || st.k === 'try') visit(st.body);
        else if (st.k === 'expr' && st.value.k === 'call' && st.value.fn.k === 'attr' && mutators.has(st.value.fn.name)) taint(st.value.fn.obj);
      }
    };
    visit(body);
  }

  /** Items of an iterable, following tensors along their first dim when it is known. */
  /** Iterates `v` as a loop does: a tensor is unbound along dim 0, which PyTorch records as one op. */
  iterateRecorded(v: Value, span: Span | undefined): Value[] | undefined {
    if (v.t !== 'tensor' || !v.shape || !span) return this.iterate(v);
    const rows = this.iterate(v) ?? [];
    runOp(this, 'unbind', () => ({ t: 'tuple', items: rows }), [v], NO_KWARGS, span);
    return rows;
  }

  iterate(v: Value): Value[] | undefined {
    const items = iterItems(v);
    if (items) return items;
    // A class of the file with its own `__iter__` (a bank of named encoders iterating its keys).
    if (v.t === 'object' && v.obj.cls) {
      const iter = this.findMethod(v.obj.cls, '__iter__');
      if (iter?.t === 'func') {
        const it = this.call(iter, [v], NO_KWARGS, NO_SITE);
        // An object that is its own iterator (`__next__`) is not followed.
        return it.t === 'object' && it.obj === v.obj ? undefined : this.iterate(it);
      }
    }
    if (v.t === 'tensor' && v.shape && typeof v.shape[0] === 'number' && v.shape[0] <= 4096) {
      // A constant vector iterates as 0-d tensors that still know their value (`x.item()`).
      if (v.values && v.shape.length === 1) return v.values.map((x) => ({ t: 'tensor', shape: [], dtype: v.dtype, values: [x] }) as Value);
      return Array.from({ length: v.shape[0] }, () => ({ t: 'tensor', shape: v.shape!.slice(1) }) as Value);
    }
    if (v.t === 'builtin' || v.t === 'func') return undefined;
    return undefined;
  }

  private augAssign(stmt: Extract<Stmt, { k: 'augassign' }>, scope: Scope): void {
    const current = this.eval(stmt.target, scope);
    const rhs = this.eval(stmt.value, scope);
    if (current.t === 'list' && stmt.op === '+') {
      const items = this.iterate(rhs);
      if (items) current.items.push(...items);
      else this.noteUnknownAt(stmt.value.span, 'list extended with an unknown iterable');
      return;
    }
    if (current.t === 'object' && current.obj.module?.container && stmt.op === '+') {
      // `self.blocks += [Block(...)]` on a ModuleList or Sequential extends it.
      const items = this.iterate(rhs);
      const module = current.obj.module;
      if (items) for (const item of items) addChild(module, nextKey(module), item);
      else module.incomplete ??= 'extended with an unknown iterable';
      return;
    }
    if (current.t === 'dict' && stmt.op === '|' && rhs.t === 'dict') {
      current.keys.push(...rhs.keys);
      current.values.push(...rhs.values);
      return;
    }
    const result = current.t === 'tensor' || rhs.t === 'tensor'
      ? tensorOperator(this, stmt.op, current, rhs, scope.inUser ? stmt.span : undefined, true)
      : binaryOp(stmt.op, current, rhs);
    this.assign(stmt.target, result, scope);
  }

  assign(target: Expr, value: Value, scope: Scope): void {
    switch (target.k) {
      case 'name':
        scope.vars.set(target.id, value);
        if (value.t === 'tensor' && this.forwardDepth > 0 && scope.inUser) {
          this.recorder.variables.push({ span: target.span, name: target.id, shape: value.shape });
        }
        return;
      case 'attr':
        // `self.weight.data = w.transpose(0, 1)` (loralib's fan_in_fan_out, GPT-2's Conv1D): the
        // parameter keeps its place and its count, and takes the new shape.
        if (target.name === 'data' && target.obj.k === 'attr' && value.t === 'tensor') {
          const owner = this.eval(target.obj.obj, scope);
          const current = owner.t === 'object' ? getAttribute(this, owner, target.obj.name) : undefined;
          if (owner.t === 'object' && current?.t === 'tensor' && current.isParameter) {
            setAttr(owner.obj, target.obj.name, { t: 'tensor', shape: value.shape, dtype: value.dtype, isParameter: true, owned: true });
            return;
          }
        }
        setAttribute(this, this.eval(target.obj, scope), target.name, value);
        return;
      case 'subscript':
        setSubscript(this, this.eval(target.obj, scope), this.eval(target.index, scope), value);
        return;
      case 'tuple':
      case 'list': {
        if (value.t === 'tensor' && value.shape && scope.inUser) {
          // `q, k, v = qkv` unbinds the tensor along dim 0, an op PyTorch records.
          const rows = this.iterate(value) ?? [];
          value = runOp(this, 'unbind', () => ({ t: 'tuple', items: rows }), [value], NO_KWARGS, target.span);
        }
        const items = this.unpack(value, target.items.length, target.items.findIndex((t) => t.k === 'starred'));
        target.items.forEach((t, i) => this.assign(t.k === 'starred' ? t.value : t, items[i] ?? unknown('unpacking'), scope));
        return;
      }
      case 'starred':
        this.assign(target.value, value, scope);
        return;
      default:
        return;
    }
  }

  private unpack(value: Value, count: number, starIndex: number): Value[] {
    const items = this.iterate(value);
    if (!items) return Array(count).fill(value.t === 'unknown' ? value : unknown(`cannot unpack ${value.t}`));
    // Python raises on a count mismatch; whatever we assigned would be invented.
    if (starIndex < 0 && items.length !== count) return Array(count).fill(unknown(`cannot unpack ${items.length} values into ${count}`));
    if (starIndex < 0) return items;
    const after = count - starIndex - 1;
    return [
      ...items.slice(0, starIndex),
      { t: 'list', items: items.slice(starIndex, items.length - after) },
      ...items.slice(items.length - after),
    ];
  }

  /**
   * Applies the decorators the file itself defines (`@add_to_class(Net)`, a wrapper that
   * calls through, a registry's `@MODELS.register_module()`), innermost first, as Python
   * does. Library decorators (`@torch.no_grad()`, `@torch.jit.script`, `@functools.wraps`)
   * leave the function or class as it is.
   */
  private decorate(def: FunctionDef | ClassDef, fn: Value, scope: Scope): Value {
    let value = fn;
    for (let i = def.decorators.length - 1; i >= 0; i--) {
      const decorator = def.decorators[i]!;
      if (decorator.k === 'name' && !this.lookup(decorator.id, scope)) continue;
      const applied = this.eval(decorator, scope);
      if (applied.t === 'func') value = this.call(applied, [value], NO_KWARGS, NO_SITE);
    }
    return value;
  }

  private defineClass(def: ClassDef, scope: Scope): Value {
    const bases: Value[] = [];
    for (const arg of def.bases) if (!arg.name && !arg.star) bases.push(this.eval(arg.value, scope));
    const cls: ClassValue = { name: def.name, def, bases, attrs: new Map() };
    // The class body runs in its own namespace; methods close over the enclosing scope.
    const body = newScope(scope, scope.inUser, cls.attrs);
    for (const stmt of def.body) {
      if (stmt.k === 'def') cls.attrs.set(stmt.name, { t: 'func', fn: stmt, scope, owner: cls, defaults: this.evalDefaults(stmt.params, scope) });
      else {
        try { this.exec(stmt, body); } catch (e) { if (!(e instanceof RaiseSignal)) throw e; }
      }
    }
    const isDataclass = def.decorators.length > 0 && !cls.attrs.has('__init__');
    if (isDataclass) {
      cls.dataclassFields = def.body.flatMap((s) =>
        s.k === 'annassign' && s.target.k === 'name' ? [{ name: s.target.id, default: cls.attrs.get(s.target.id) }] : []);
    }
    return { t: 'class', cls };
  }

  importModule(module: string): Value {
    return { t: 'extern', path: module };
  }

  importName(module: string, name: string): Value {
    return this.externMember(module, name);
  }

  private readonly externCache = new Map<string, Value | undefined>();
  private readonly memberCache = new Map<string, Map<string, Value>>();

  /**
   * `torch.nn` + `Conv2d`: what the library name is, the same value every time. Keyed in two
   * levels so that the hot path (`nn.Conv2d` in a loop) builds no strings.
   */
  externMember(path: string, name: string): Value {
    let members = this.memberCache.get(path);
    if (!members) this.memberCache.set(path, (members = new Map()));
    let value = members.get(name);
    if (value === undefined) {
      const full = `${path}.${name}`;
      value = this.resolveExternCached(full) ?? { t: 'extern', path: full };
      members.set(name, value);
    }
    return value;
  }

  /** Library names resolve the same way every time: once per path and analysis. */
  resolveExternCached(path: string): Value | undefined {
    if (this.externCache.has(path)) return this.externCache.get(path);
    const v = resolveExtern(this, path);
    this.externCache.set(path, v);
    return v;
  }

  // ---- expressions ------------------------------------------------------------------

  eval(e: Expr, scope: Scope): Value {
    switch (e.k) {
      case 'name':
        return this.lookup(e.id, scope) ?? unknown(`name '${e.id}' is not defined`);
      case 'num':
        return e.isFloat ? { t: 'float', v: e.value } : intValue(e.value);
      case 'str':
        return { t: 'str', v: e.value };
      case 'const':
        return e.value === null ? NONE : e.value === 'ellipsis' ? ELLIPSIS : e.value ? TRUE : FALSE;
      case 'attr':
        return getAttribute(this, this.eval(e.obj, scope), e.name);
      case 'subscript':
        return this.evalSubscript(e, scope);
      case 'slice':
        return {
          t: 'slice',
          lower: e.lower ? this.eval(e.lower, scope) : NONE,
          upper: e.upper ? this.eval(e.upper, scope) : NONE,
          step: e.step ? this.eval(e.step, scope) : NONE,
        };
      case 'call':
        return this.evalCall(e, scope);
      case 'binary': {
        return this.binary(e.op, this.eval(e.left, scope), this.eval(e.right, scope), scope.inUser ? e.span : undefined);
      }
      case 'compare': {
        let left = this.eval(e.operands[0]!, scope);
        let result: boolean | undefined = true;
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.eval(e.operands[i + 1]!, scope);
          const op = e.ops[i]!;
          if ((left.t === 'tensor' || right.t === 'tensor') && !['is', 'is not', 'in', 'not in'].includes(op)) {
            return tensorOperator(this, op, left, right, scope.inUser ? e.span : undefined, false);
          }
          const r = op === 'is' || op === 'is not' ? identity(op, left, right)
            : (op === 'in' || op === 'not in') && right.t === 'object' && right.obj.cls ? this.objectContains(left, right, op === 'not in')
            : compareOp(op, left, right);
          if (r === false) return FALSE;
          if (r === undefined) result = undefined;
          left = right;
        }
        return result === undefined ? unknown('comparison of unknown values') : TRUE;
      }
      case 'boolop': {
        const l = this.eval(e.left, scope);
        const t = truthy(l);
        if (t === undefined) {
          const r = this.eval(e.right, scope);
          return e.op === 'or' && truthy(r) === true ? r : unknown('truth of an unknown value');
        }
        if (e.op === 'and') return t ? this.eval(e.right, scope) : l;
        return t ? l : this.eval(e.right, scope);
      }
      case 'unary': {
        const v = this.eval(e.operand, scope);
        if (v.t === 'tensor') {
          if (e.op === 'not') {
            const t = truthy(v);
            return t === undefined ? unknown('truth of a tensor') : boolValue(!t);
          }
          if (e.op === '+') return v;
          const name = e.op === '-' ? 'neg' : 'bitwise_not';
          return runOp(this, name, ([x]) => ({ t: 'tensor', shape: (x as { shape: null }).shape, dtype: v.dtype }), [v], NO_KWARGS, scope.inUser ? e.span : undefined);
        }
        return unaryOp(e.op, v);
      }
      case 'tuple':
        return { t: 'tuple', items: this.evalItems(e.items, scope) };
      case 'list':
      case 'set':
        return { t: 'list', items: this.evalItems(e.items, scope) };
      case 'dict': {
        const keys: Value[] = [];
        const values: Value[] = [];
        for (const entry of e.entries) {
          if (entry.key) {
            dictSet(keys, values, this.eval(entry.key, scope), this.eval(entry.value, scope));
          } else {
            const spread = this.eval(entry.value, scope);
            if (spread.t === 'dict') spread.keys.forEach((k, i) => dictSet(keys, values, k, spread.values[i]!));
          }
        }
        return { t: 'dict', keys, values };
      }
      case 'ifexp': {
        const t = truthy(this.eval(e.test, scope));
        if (t === undefined) return unknown('conditional on an unknown value');
        return this.eval(t ? e.body : e.orelse, scope);
      }
      case 'comprehension':
        return this.evalComprehension(e, scope);
      case 'lambda': {
        const fn: LambdaDef = { k: 'lambda', params: e.params, body: e.body };
        return { t: 'func', fn, scope, defaults: this.evalDefaults(e.params, scope) };
      }
      case 'starred':
        return this.eval(e.value, scope);
      case 'fstring':
        return { t: 'str', v: e.parts.map((p) => (typeof p === 'string' ? p : formatValue(this.eval(p, scope)))).join('') };
      case 'unsupported':
        return unknown(`unsupported syntax (${e.what})`);
    }
  }

  /**
   * An `assert` about shapes in the file's forward code whose test is certainly false for the
   * model's input (`assert x.shape[1:] == self.pos.shape`): PyTorch raises there. Other asserts
   * (`hasattr(self, 'net')` in a base class) are validations the engine does not judge, and an
   * undecidable one is skipped.
   */
  private checkAssert(stmt: Extract<Stmt, { k: 'assert' }>, scope: Scope): void {
    if (this.forwardDepth === 0 || !scope.inUser || !mentionsShape(stmt.test)) return;
    if (truthy(this.eval(stmt.test, scope)) !== false) return;
    const condition = this.source?.slice(stmt.test.span.from, stmt.test.span.to) ?? 'the assertion';
    this.recorder.addDiagnostic({ span: stmt.test.span, severity: 'error', code: 'assert-fails', message: `This assert fails for the model's input: \`${condition}\` is False` });
    throw new RaiseSignal(stmt.span);
  }

  /** `key in bank` for an instance of a class of the file: its `__contains__`, else its `__iter__`. */
  private objectContains(item: Value, container: Extract<Value, { t: 'object' }>, negated: boolean): boolean | undefined {
    const method = this.findMethod(container.obj.cls!, '__contains__');
    let found: boolean | undefined;
    if (method?.t === 'func') found = truthy(this.call(method, [container, item], NO_KWARGS, NO_SITE));
    else {
      const items = this.iterate(container);
      if (!items) return compareOp(negated ? 'not in' : 'in', item, container);
      const equal = items.map((x) => valuesEqual(x, item));
      found = equal.includes(true) ? true : equal.includes(undefined) ? undefined : false;
    }
    return found === undefined ? undefined : negated ? !found : found;
  }

  lookup(name: string, scope: Scope): Value | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private evalItems(items: Expr[], scope: Scope): Value[] {
    // Without a starred item the length is known: an exact array, not one grown by push.
    if (!items.some((item) => item.k === 'starred')) return items.map((item) => this.eval(item, scope));
    const out: Value[] = [];
    for (const item of items) {
      if (item.k === 'starred') {
        const v = this.eval(item.value, scope);
        const inner = this.iterate(v);
        if (inner) out.push(...inner);
        else out.push(unknown(`cannot unpack ${v.t}`));
      } else out.push(this.eval(item, scope));
    }
    return out;
  }

  private evalSubscript(e: Extract<Expr, { k: 'subscript' }>, scope: Scope): Value {
    const obj = this.eval(e.obj, scope);
    const index = this.eval(e.index, scope);
    if (obj.t === 'tensor') return indexTensor(this, obj, index, scope.inUser ? e.span : undefined);
    return subscript(this, obj, index);
  }

  private evalComprehension(e: Extract<Expr, { k: 'comprehension' }>, scope: Scope): Value {
    const inner = newScope(scope, scope.inUser);
    const keys: Value[] = [];
    const out: Value[] = [];
    let failed: Value | undefined;
    const loop = (level: number): void => {
      const gen = e.generators[level];
      if (!gen) {
        if (e.kind === 'dict') {
          keys.push(this.eval(e.elt, inner));
          out.push(this.eval(e.value!, inner));
        } else out.push(this.eval(e.elt, inner));
        return;
      }
      const iterable = this.eval(gen.iter, inner);
      const items = this.iterate(iterable);
      if (!items) { failed = iterable.t === 'unknown' ? iterable : unknown(`cannot iterate over ${iterable.t}`); return; }
      for (const item of items) {
        this.assign(gen.target, item, inner);
        let pass: boolean | undefined = true;
        for (const cond of gen.ifs) {
          pass = truthy(this.eval(cond, inner));
          if (pass !== true) break;
        }
        // An item kept or dropped on a condition we cannot decide: the list is unknown, not shorter.
        if (pass === undefined) { failed = unknown('comprehension filter on an unknown condition'); return; }
        if (pass) loop(level + 1);
        if (failed) return;
      }
    };
    loop(0);
    if (failed) return failed;
    if (e.kind === 'dict') return { t: 'dict', keys, values: out };
    return { t: e.kind === 'gen' ? 'tuple' : 'list', items: out };
  }

  private evalCall(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
    if (e.fn.k === 'name' && e.fn.id === 'super' && !scope.vars.has('super')) return this.evalSuper(e, scope);
    if (e.fn.k === 'name' && e.fn.id === 'eval' && e.args.length === 1 && !this.lookup('eval', scope)?.t.startsWith('func')) return this.evalString(e, scope);
    const fn = this.eval(e.fn, scope);
    const { args, kwargs } = this.evalArgs(e.args, scope);
    const site = scope.inUser ? this.callSite(e) : NO_SITE;
    return this.call(fn, args, kwargs, site);
  }

  private readonly callSites = new WeakMap<Expr, CallSite>();

  /** A call's site, made once per call expression (calls in loops and helpers repeat). */
  private callSite(e: Extract<Expr, { k: 'call' }>): CallSite {
    let site = this.callSites.get(e);
    if (!site) this.callSites.set(e, (site = { span: this.callPosition(e), expr: e }));
    return site;
  }

  /**
   * Where a call is placed. A method call whose receiver spans lines is placed at the method
   * name, as CPython places it (`torch.cat([...\n]).flatten(0, 1)` is at `flatten`).
   */
  private callPosition(e: Extract<Expr, { k: 'call' }>): Span {
    if (e.fn.k !== 'attr' || !this.source) return e.span;
    const nameStart = e.fn.span.to - e.fn.name.length;
    return this.source.lastIndexOf('\n', nameStart) >= e.span.from ? { from: nameStart, to: e.span.to } : e.span;
  }

  /**
   * `eval(m)` on a name from a config (YOLOv5's parse_model: `m = eval(m)`, `eval('nc')`): the
   * string is parsed and evaluated in the caller's scope; a name that is not defined raises,
   * as NameError does, so the `try`/`except` around it is followed. The string is not the
   * user's text, so nothing it builds gets a place in the file.
   */
  private evalString(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
    const code = this.eval(e.args[0]!.value, scope);
    if (code.t !== 'str') return unknown('eval() of an unknown string');
    const stmt = parsePython(code.v).module.body[0];
    if (stmt?.k !== 'expr') return unknown('eval() of a statement');
    if (stmt.value.k === 'name' && !this.lookup(stmt.value.id, scope)) throw new RaiseSignal(e.span);
    return this.eval(stmt.value, newScope(scope, false));
  }

  /** `super()` (from the method's class and `self`) or `super(Cls, self)`. */
  private evalSuper(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
    const explicit = e.args.length === 2 ? e.args.map((a) => this.eval(a.value, scope)) : undefined;
    if (explicit) {
      const [cls, self] = explicit as [Value, Value];
      return cls.t === 'class' ? { t: 'super', self, after: cls.cls } : unknown('super() of an unknown class');
    }
    let frame: Scope | undefined = scope;
    while (frame && !frame.method) frame = frame.parent;
    const method = frame?.method;
    if (!method?.self) return unknown('super() outside a method');
    return { t: 'super', self: method.self, after: method.cls };
  }

  /** A Python binary operator on any two values (tensors become recorded ops). */
  binary(op: string, l: Value, r: Value, span: Span | undefined): Value {
    if (l.t === 'tensor' || r.t === 'tensor') return tensorOperator(this, op, l, r, span, false);
    return binaryOp(op, l, r);
  }

  getAttr(v: Value, name: string): Value {
    return getAttribute(this, v, name);
  }

  setAttr(target: Value, name: string, value: Value): void {
    setAttribute(this, target, name, value);
  }

  evalArgs(argExprs: Arg[], scope: Scope): { args: Value[]; kwargs: Map<string, Value> } {
    // Most calls pass no keywords: share one empty map (callees never mutate kwargs). With
    // positional arguments only, the argument array is made at its length, not grown by push.
    if (argExprs.every((a) => !a.name && !a.star)) return { args: argExprs.map((a) => this.eval(a.value, scope)), kwargs: NO_KWARGS };
    const args: Value[] = [];
    let kwargs = NO_KWARGS;
    for (const a of argExprs) {
      const v = this.eval(a.value, scope);
      if (a.star === 1) {
        const items = this.iterate(v);
        if (items) args.push(...items);
        else args.push(unknown(`cannot unpack *${v.t}`));
      } else if (a.star === 2) {
        if (kwargs === NO_KWARGS) kwargs = new Map();
        if (v.t === 'dict') v.keys.forEach((k, i) => { if (k.t === 'str') kwargs.set(k.v, v.values[i]!); });
      } else if (a.name) {
        if (kwargs === NO_KWARGS) kwargs = new Map();
        kwargs.set(a.name, v);
      }
      else args.push(v);
    }
    return { args, kwargs };
  }

  // ---- calls ------------------------------------------------------------------------

  call(fn: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    this.tick();
    switch (fn.t) {
      case 'func': {
        const atTopLevel = this.callDepth === 0;
        const result = this.callFunction(fn, args, kwargs);
        // `model = resnet18()` at top level: remember which factory built the model.
        if (atTopLevel && result.t === 'object' && result.obj.module && fn.fn.k === 'def' && !this.createdBy.has(result.obj)) {
          this.createdBy.set(result.obj, fn.fn.name);
        }
        return result;
      }
      case 'bound':
        return this.call(fn.fn, [fn.self, ...args], kwargs, site);
      case 'builtin':
        return fn.call(args, kwargs, site);
      case 'partial': {
        const merged = new Map(fn.kwargs);
        kwargs.forEach((v, k) => merged.set(k, v));
        return this.call(fn.fn, [...fn.args, ...args], merged, site);
      }
      case 'class':
        return this.instantiate(fn.cls, args, kwargs, site);
      case 'extern': {
        // `torch.Tensor(1, 8, 64)` is an uninitialized tensor of that size (and stays a class
        // for isinstance, which is why it does not resolve to an op).
        if (TENSOR_CLASSES.has(fn.path)) {
          const byData = args.length === 1 && (args[0]!.t === 'list' || args[0]!.t === 'tuple');
          const op = byData ? 'tensor' : 'empty';
          return runOp(this, op, torchFunctions.get(op)!, args, kwargs, site.span);
        }
        const resolved = this.resolveExternCached(fn.path);
        if (resolved && resolved.t !== 'extern') return this.call(resolved, args, kwargs, site);
        const ctor = constructExternClass(fn.path, args, kwargs, site);
        if (ctor) return ctor;
        const reason = `'${fn.path}' is not supported`;
        if (this.forwardDepth > 0 && site.span && args.some((a) => a.t === 'tensor' && a.shape)) {
          this.recorder.noteUnknown(site.span, reason);
          return { t: 'tensor', shape: null };
        }
        return unknown(reason);
      }
      case 'object':
        if (fn.obj.module) return callModule(this, fn.obj, args, kwargs, site);
        {
          const method = fn.obj.cls ? this.findMethod(fn.obj.cls, '__call__') : undefined;
          if (method) return this.call(method, [fn, ...args], kwargs, site);
        }
        return unknown(`calling an instance of ${fn.obj.cls?.name ?? 'object'}`);
      case 'unknown':
        // Calling something we could not follow on a known tensor: tracking stops here.
        if (this.forwardDepth > 0 && site.span && args.some((a) => a.t === 'tensor' && a.shape)) {
          this.recorder.noteUnknown(site.span, fn.reason);
          return { t: 'tensor', shape: null };
        }
        return fn;
      default:
        return unknown(`'${fn.t}' is not callable`);
    }
  }

  /** Runs a user function (or lambda) with Python's argument binding. */
  callFunction(fnValue: Extract<Value, { t: 'func' }>, args: Value[], kwargs: Map<string, Value>): Value {
    if (this.callDepth >= MAX_CALL_DEPTH) return unknown('call depth limit reached (recursion?)');
    const { fn } = fnValue;
    const method = fnValue.owner ? { cls: fnValue.owner, self: fn.params[0] ? args[0] : undefined } : undefined;
    const frame = newScope(fnValue.scope, fnValue.scope.inUser, new Map(), method);
    const bound = this.bindParams(fn.params, args, kwargs, frame, fnValue.defaults);
    if (!bound) return unknown(`${WRONG_ARGUMENTS} ${fn.k === 'def' ? fn.name : 'lambda'}()`);
    this.callDepth++;
    try {
      if (fn.k === 'lambda') return this.eval(fn.body, frame);
      const completion = this.execBlock(fn.body, frame);
      return completion instanceof Return ? completion.value : NONE;
    } finally {
      this.callDepth--;
    }
  }

  /** Default values are evaluated once, when the `def` runs, as in Python. */
  private evalDefaults(params: FunctionDef['params'], scope: Scope): Map<string, Value> | undefined {
    let out: Map<string, Value> | undefined;
    for (const p of params) {
      if (p.default) (out ??= new Map()).set(p.name, this.eval(p.default, scope));
    }
    return out;
  }

  /** Python's binding of call arguments to parameters; false when a required one is missing. */
  private bindParams(params: FunctionDef['params'], args: Value[], kwargs: Map<string, Value>, frame: Scope, defaults: Map<string, Value> | undefined): boolean {
    let i = 0;
    // Keywords taken by named parameters; the rest go to `**kwargs`. (No copy of the map:
    // this runs on every call.)
    let taken: string[] | undefined;
    for (const p of params) {
      if (p.kind === 'positional' || p.kind === 'keyword-only') {
        let v = p.kind === 'positional' && i < args.length ? args[i++] : undefined;
        if (v === undefined && kwargs.size) {
          v = kwargs.get(p.name);
          if (v !== undefined) (taken ??= []).push(p.name);
        }
        v ??= defaults?.get(p.name);
        if (v === undefined) return false;
        frame.vars.set(p.name, v);
      } else if (p.kind === 'varargs') {
        frame.vars.set(p.name, { t: 'tuple', items: args.slice(i) });
        i = args.length;
      } else {
        const keys: Value[] = [];
        const values: Value[] = [];
        kwargs.forEach((v, k) => { if (!taken?.includes(k)) { keys.push({ t: 'str', v: k }); values.push(v); } });
        frame.vars.set(p.name, { t: 'dict', keys, values });
      }
    }
    return true;
  }

  /** Creates an instance of a user class and runs its `__init__`. */
  instantiate(cls: ClassValue, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    // A namedtuple subclass: its instances are the tuples, made by its `__new__` if it has one.
    const tupleBase = namedtupleBase(cls);
    if (tupleBase) {
      const make = this.findMethod(cls, '__new__');
      return make?.t === 'func' ? this.call(make, [{ t: 'class', cls }, ...args], kwargs, site) : tupleBase.call(args, kwargs, site);
    }
    const self = createUserObject(this, cls, site);
    const selfValue: Value = { t: 'object', obj: self };
    const init = this.findMethod(cls, '__init__');
    try {
      if (init?.t === 'func') {
        const result = this.callFunction(init, [selfValue, ...args], kwargs);
        if (result.t === 'unknown' && result.reason.startsWith(WRONG_ARGUMENTS)) return unknown(`${cls.name}(): ${result.reason}`);
      } else if (init) {
        this.call(init, [selfValue, ...args], kwargs, site);
      } else if (self.items) {
        // A dict subclass without an `__init__` of its own (HuggingFace's ClassInstantier): dict's,
        // which fills the items as `update` does.
        this.call(getAttribute(this, selfValue, 'update'), args, kwargs, site);
      }
    } catch (e) {
      if (e instanceof RaiseSignal) return unknown(`${cls.name}() raises during construction`);
      throw e;
    }
    const postInit = cls.dataclassFields ? this.findMethod(cls, '__post_init__') : undefined;
    if (postInit) this.call(postInit, [selfValue], new Map(), site);
    return selfValue;
  }

  /** Method resolution order: the class, then its bases depth-first, library bases as externs. */
  mro(cls: ClassValue): (ClassValue | string)[] {
    let cached = this.mroCache.get(cls);
    if (!cached) this.mroCache.set(cls, (cached = this.computeMro(cls)));
    return cached;
  }

  private readonly mroCache = new WeakMap<ClassValue, (ClassValue | string)[]>();

  private computeMro(cls: ClassValue): (ClassValue | string)[] {
    const out: (ClassValue | string)[] = [];
    const visit = (c: ClassValue): void => {
      if (out.includes(c)) return;
      out.push(c);
      for (const b of c.bases) {
        if (b.t === 'class') visit(b.cls);
        else if (b.t === 'extern' && !out.includes(b.path)) out.push(b.path);
      }
    };
    visit(cls);
    return out;
  }

  /** A method or class attribute from the MRO; library bases answer with their own behaviour. */
  findMethod(cls: ClassValue, name: string, after?: ClassValue): Value | undefined {
    let order = this.mro(cls);
    if (after) order = order.slice(order.indexOf(after) + 1);
    for (const entry of order) {
      if (typeof entry === 'string') {
        if (name === '__init__') return externInit(entry);
        if (name === 'forward' && canonicalTorchName(entry) !== undefined && canonicalTorchName(entry) !== 'Module') return externForward(this);
        continue;
      }
      const v = entry.attrs.get(name);
      if (v !== undefined) return v;
      if (name === '__init__' && entry.dataclassFields) return dataclassInit(this, entry);
    }
    return undefined;
  }

  isModuleClass(cls: ClassValue): boolean {
    return isModuleClass(this, cls);
  }

  nearestRecord(): LayerRecord | undefined {
    for (let i = this.moduleStack.length - 1; i >= 0; i--) {
      const r = this.moduleStack[i];
      if (r) return r;
    }
    return undefined;
  }

  noteUnknownAt(span: Span, reason: string): void {
    if (this.forwardDepth > 0) this.recorder.noteUnknown(span, reason);
  }
}

/** The `__init__` that `@dataclass` writes: fields from arguments, then defaults. */
function dataclassInit(interp: Interpreter, cls: ClassValue): Value {
  const fields = cls.dataclassFields ?? [];
  // `field(default_factory=list)` gives each instance a fresh default; `field(default=3)` a plain one.
  const fallback = (f: { name: string; default?: Value }): Value => {
    const spec = f.default?.t === 'object' && f.default.obj.attrs.has(DATACLASS_FIELD) ? f.default.obj.attrs : undefined;
    if (!spec) return f.default ?? unknown(`field ${f.name}`);
    const factory = spec.get('default_factory');
    return factory ? interp.call(factory, [], NO_KWARGS, NO_SITE) : spec.get('default') ?? unknown(`field ${f.name}`);
  };
  return {
    t: 'builtin',
    name: `${cls.name}.__init__`,
    call: ([self, ...args], kwargs) => {
      if (self?.t === 'object') {
        fields.forEach((f, i) => setAttr(self.obj, f.name, args[i] ?? kwargs.get(f.name) ?? fallback(f)));
      }
      return NONE;
    },
  };
}

/** `a is b` / `a is not b`: a tensor is never None and is only itself. */
function identity(op: string, a: Value, b: Value): boolean | undefined {
  if (a.t === 'tensor' || b.t === 'tensor') {
    const same = a === b ? true : a.t === 'none' || b.t === 'none' ? false : undefined;
    return same === undefined ? undefined : op === 'is' ? same : !same;
  }
  return compareOp(op, a, b);
}

const SHAPE_METHODS = new Set(['size', 'dim', 'numel', 'ndimension']);

/** True when an expression reads a tensor's shape (`x.shape`, `x.size(1)`, `x.ndim`). */
function mentionsShape(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  if (Array.isArray(e)) return e.some(mentionsShape);
  const node = e as { k?: string; name?: string; fn?: { k?: string; name?: string } };
  if (node.k === 'attr' && (node.name === 'shape' || node.name === 'ndim')) return true;
  if (node.k === 'call' && node.fn?.k === 'attr' && SHAPE_METHODS.has(node.fn.name ?? '')) return true;
  return Object.values(e).some(mentionsShape);
}

/** `del d[key]`, `del xs[i]`, `del layers[-1]` (a ModuleList or Sequential, too). */
function deleteItem(container: Value, index: Value): void {
  if (container.t === 'dict') {
    const at = dictIndex(container.keys, index);
    if (at >= 0) { container.keys.splice(at, 1); container.values.splice(at, 1); }
  } else if (container.t === 'list' && index.t === 'int') {
    container.items.splice(index.v < 0 ? container.items.length + index.v : index.v, 1);
  } else if (container.t === 'object' && container.obj.module?.container) {
    const module = container.obj.module;
    const keys = [...module.children.keys()];
    const key = index.t === 'str' ? index.v : index.t === 'int' ? keys[index.v < 0 ? keys.length + index.v : index.v] : undefined;
    if (key !== undefined) deleteChild(module, key);
  }
}

export function dictSet(keys: Value[], values: Value[], key: Value, value: Value): void {
  const at = dictIndex(keys, key);
  if (at >= 0) values[at] = value;
  else { keys.push(key); values.push(value); }
}
