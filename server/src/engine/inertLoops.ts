/**
 * Weight-initialisation loops change values, never shapes or parameter counts:
 *
 *     for m in self.modules():
 *         if isinstance(m, nn.Conv2d):
 *             nn.init.kaiming_normal_(m.weight, mode="fan_out")
 *
 * Outside a forward the interpreter skips them. On a deep model such a loop is one
 * isinstance test per module per branch, about a quarter of the whole analysis. The test
 * is syntactic and strict: a loop whose body could change anything the engine tracks (an
 * attribute, a list, a module, a call to user code) is not inert and runs as usual.
 */
import type { Expr, Stmt } from '../syntax/ast';

type ForStmt = Extract<Stmt, { k: 'for' }>;

/** What a module (or a dict, a list) is iterated through in such loops. */
const ITERATION_METHODS = new Set([
  'modules', 'named_modules', 'children', 'named_children', 'parameters', 'named_parameters',
  'buffers', 'named_buffers', 'items', 'values', 'keys',
]);

/** Builtins without side effects that tests and arguments use. */
const PURE_BUILTINS = new Set([
  'isinstance', 'hasattr', 'getattr', 'type', 'len', 'int', 'float', 'abs', 'min', 'max', 'round',
  'str', 'callable', 'range', 'enumerate', 'zip', 'list', 'tuple', 'reversed', 'sorted',
]);

/** In-place methods (PyTorch's trailing `_`) that do change a tensor's shape. */
const SHAPE_CHANGING_IN_PLACE = new Set([
  'resize_', 'resize_as_', 'unsqueeze_', 'squeeze_', 'transpose_', 't_', 'swapaxes_', 'swapdims_', 'as_strided_', 'set_',
]);

const cache = new WeakMap<ForStmt, readonly string[] | null>();

/** What the checks gather while walking a loop. */
interface Walk {
  /** Names the loop binds: its targets and its temporaries. */
  bound: string[];
  /** Whether some statement is an in-place initialisation (what makes it an init loop). */
  initializes: boolean;
}

/**
 * The names an inert loop would bind (its targets and temporaries), which become unknown
 * when it is skipped; undefined when the loop is not inert.
 */
export function inertLoopNames(stmt: ForStmt): readonly string[] | undefined {
  let names = cache.get(stmt);
  if (names === undefined) {
    const walk: Walk = { bound: [], initializes: false };
    names = inertFor(stmt, walk) && walk.initializes ? walk.bound : null;
    cache.set(stmt, names);
  }
  return names ?? undefined;
}

function inertFor(stmt: ForStmt, walk: Walk): boolean {
  return pureIterable(stmt.iter) && bindsNames(stmt.target, walk) && inertBlock(stmt.body, walk) && inertBlock(stmt.orelse, walk);
}

function inertBlock(body: Stmt[], walk: Walk): boolean {
  return body.every((s) => inertStmt(s, walk));
}

function inertStmt(s: Stmt, walk: Walk): boolean {
  switch (s.k) {
    case 'pass':
    case 'continue':
    case 'break':
      return true;
    case 'expr':
      return isInPlaceInit(s.value) && (walk.initializes = true);
    case 'assign':
      return pure(s.value) && s.targets.every((t) => bindsNames(t, walk));
    case 'augassign':
      // Only on the loop's own temporaries (`fan_out //= m.groups`): `layers += [...]`
      // extends a list that lives on after the loop.
      return pure(s.value) && s.target.k === 'name' && walk.bound.includes(s.target.id);
    case 'if':
      return pure(s.test) && inertBlock(s.body, walk) && inertBlock(s.orelse, walk);
    case 'for':
      return inertFor(s, walk);
    case 'with':
      return s.items.every((i) => pure(i.context) && !i.target) && inertBlock(s.body, walk);
    default:
      return false;
  }
}

/** `nn.init.zeros_(m.bias)`, `m.weight.data.normal_(0, 0.01)`, `trunc_normal_(m.weight, std=.02)`. */
function isInPlaceInit(e: Expr): boolean {
  if (e.k !== 'call') return false;
  const name = e.fn.k === 'attr' ? e.fn.name : e.fn.k === 'name' ? e.fn.id : undefined;
  if (!name || !name.endsWith('_') || name.startsWith('__') || SHAPE_CHANGING_IN_PLACE.has(name)) return false;
  const selfMethod = e.fn.k === 'attr' && e.fn.obj.k === 'name' && e.fn.obj.id === 'self';
  return !selfMethod && (e.fn.k === 'name' || pure(e.fn)) && e.args.every((a) => pure(a.value));
}

function pureIterable(e: Expr): boolean {
  if (e.k === 'call' && e.fn.k === 'attr' && ITERATION_METHODS.has(e.fn.name)) return pure(e.fn.obj) && e.args.every((a) => pure(a.value));
  return pure(e);
}

/** No side effects: no assignment, no call into user code (library math and builtins only). */
function pure(e: Expr): boolean {
  switch (e.k) {
    case 'name':
    case 'num':
    case 'str':
    case 'const':
      return true;
    case 'attr':
      return pure(e.obj);
    case 'subscript':
      return pure(e.obj) && pure(e.index);
    case 'slice':
      return [e.lower, e.upper, e.step].every((x) => !x || pure(x));
    case 'binary':
      return pure(e.left) && pure(e.right);
    case 'boolop':
      return pure(e.left) && pure(e.right);
    case 'compare':
      return e.operands.every(pure);
    case 'unary':
      return pure(e.operand);
    case 'ifexp':
      return pure(e.test) && pure(e.body) && pure(e.orelse);
    case 'tuple':
    case 'list':
      return e.items.every(pure);
    case 'call':
      return pureCallee(e.fn) && e.args.every((a) => pure(a.value));
    default:
      return false;
  }
}

/** `isinstance`, `math.sqrt`, `m.weight.size`, `nn.init.calculate_gain`; never `self.method`. */
function pureCallee(fn: Expr): boolean {
  if (fn.k === 'name') return PURE_BUILTINS.has(fn.id);
  if (fn.k !== 'attr') return false;
  let root: Expr = fn;
  while (root.k === 'attr') root = root.obj;
  return root.k === 'name' && root.id !== 'self' && pure(fn.obj);
}

function bindsNames(target: Expr, walk: Walk): boolean {
  if (target.k === 'name') { walk.bound.push(target.id); return true; }
  if (target.k === 'tuple' || target.k === 'list') return target.items.every((t) => bindsNames(t, walk));
  return false;
}
