/**
 * The values the abstract interpreter computes with: Python values it can follow exactly
 * (ints, lists, classes, modules), tensors known only by their shape, and `unknown` with a
 * reason wherever it cannot follow. Nothing here throws on user code.
 */
import type { ClassDef, Expr, FunctionDef, Span } from '../syntax/ast';
import type { Dim, Shape } from './dims';
import type { LayerConfig, LayerSpec } from '../layers/spec';

export type Value =
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'none' }
  | { t: 'ellipsis' }
  /** An int known only symbolically, e.g. `x.size(0)` when the batch is `N`. */
  | { t: 'symint'; d: string }
  /** `names`: the fields of a namedtuple, read as attributes (`out.logits`). */
  | { t: 'tuple'; items: Value[]; names?: readonly string[] }
  | { t: 'list'; items: Value[] }
  /** `backing` is set for `obj.__dict__`: writes through it land on the object's attributes. */
  | { t: 'dict'; keys: Value[]; values: Value[]; backing?: PyObject }
  | { t: 'slice'; lower: Value; upper: Value; step: Value }
  | { t: 'func'; fn: FunctionDef | LambdaDef; scope: Scope; owner?: ClassValue; defaults?: Map<string, Value> }
  | { t: 'bound'; self: Value; fn: Value }
  | { t: 'class'; cls: ClassValue }
  | { t: 'object'; obj: PyObject }
  /** A name from a library we do not interpret: `torch.nn.Conv2d`, `math.floor`. */
  | { t: 'extern'; path: string }
  /** `fields`: set for a namedtuple class, whose instances are tuples carrying these very `names`. */
  | { t: 'builtin'; name: string; call: BuiltinFn; fields?: readonly string[] }
  | { t: 'partial'; fn: Value; args: Value[]; kwargs: Map<string, Value> }
  /** `super()`: attribute lookups start after `after` in the MRO of `self`'s class. */
  | { t: 'super'; self: Value; after: ClassValue }
  | {
      t: 'tensor'; shape: Shape | null; dtype?: 'float' | 'long' | 'bool'; isParameter?: boolean;
      /** The model's symbolic input before its rank is known (PRODUCT §3.5). */
      probe?: boolean;
      /** The dims a flatten merged into the last dim (`[256, 6, 6]`), for messages and hovers. */
      flattened?: Dim[];
      /** Set only for non-contiguous tensors (transposed, permuted): element strides. */
      strides?: number[];
      /** A parameter read back from a module: some module already counts it (weight tying). */
      owned?: boolean;
      /** Element values of small constant vectors (`torch.linspace(0, 0.1, depth)`), row-major. */
      values?: number[];
      /** A numpy array: `a.size` is its element count, not a method. */
      numpy?: boolean;
    }
  | { t: 'unknown'; reason: string };

export interface LambdaDef {
  k: 'lambda';
  params: FunctionDef['params'];
  body: Expr;
}

export type BuiltinFn = (args: Value[], kwargs: Map<string, Value>, site: CallSite) => Value;

/** Where a call happens: its expression (for records and diagnostics) if in user code. */
export interface CallSite {
  span?: Span;
  expr?: Expr;
}

export interface Scope {
  vars: Map<string, Value>;
  parent?: Scope;
  /** False for library stubs: their calls are not construction sites in the user's file. */
  inUser: boolean;
  /** In a method's frame: the class defining it and the instance, for a bare `super()`. */
  method?: { cls: ClassValue; self?: Value };
}

/** The namedtuple class a class derives from (`class ShapeSpec(namedtuple(...))`), if any. */
export function namedtupleBase(cls: ClassValue): Extract<Value, { t: 'builtin' }> | undefined {
  for (const base of cls.bases) {
    if (base.t === 'builtin' && base.fields) return base;
    const inherited = base.t === 'class' ? namedtupleBase(base.cls) : undefined;
    if (inherited) return inherited;
  }
  return undefined;
}

/** A scope with every field set, so that all frames share one V8 shape (see `newObject`). */
export function newScope(parent: Scope | undefined, inUser: boolean, vars: Map<string, Value> = new Map(), method?: Scope['method']): Scope {
  return { vars, parent, inUser, method };
}

export interface ClassValue {
  name: string;
  def?: ClassDef;
  bases: Value[];
  /** The class body's namespace: methods and class attributes. */
  attrs: Map<string, Value>;
  /** Set for `@dataclass` classes without `__init__`: their annotated fields in order. */
  dataclassFields?: { name: string; default?: Value }[];
}

export type ContainerKind = 'sequential' | 'modulelist' | 'moduledict';

/**
 * A user class instance, or a library module (layer or container). Build one with
 * `newObject`; change its attributes with `setAttr`/`deleteAttr`.
 */
export interface PyObject {
  cls?: ClassValue;
  attrs: ReadonlyMap<string, Value>;
  module?: ModuleData;
  /** The items of an instance of a `dict`/`OrderedDict` subclass (registries, output dicts). */
  items?: Extract<Value, { t: 'dict' }>;
}

export interface ModuleData {
  /** Type name as PyTorch prints it: `Conv2d`, `Sequential`, `BasicBlock`. */
  op: string;
  /** Set for library layers from the catalogue (and user subclasses of them). */
  layer?: { spec: LayerSpec; config: LayerConfig };
  container?: ContainerKind;
  /** The call expression that constructed it, when that is in the analyzed file. */
  site?: Span;
  /** Submodules in registration order; changed only through `setChild`/`deleteChild`. */
  children: ReadonlyMap<string, PyObject>;
  /** Parameters owned directly (layer weights, `nn.Parameter` attributes). */
  ownParams: number;
  /** The tensors a ParameterList / ParameterDict holds, by key (`'0'`, `'1'`, … for a list). */
  tensors?: Map<string, Value>;
  /**
   * Set when a container was given something that is not a module we could follow (an
   * unknown layer): its contents are incomplete, so calling or iterating it is unknown.
   */
  incomplete?: string;
  /** Set once the module tree is named: its dotted path from the model root. */
  path?: string;
}

export const NONE: Value = { t: 'none' };
/** The marker `dataclasses.field(...)` leaves in a class body, holding its keywords. */
export const DATACLASS_FIELD = '__dataclass_field__';
export const TRUE: Value = { t: 'bool', v: true };
export const FALSE: Value = { t: 'bool', v: false };

/** Python's two booleans, shared like CPython's. */
export function boolValue(b: boolean): Value {
  return b ? TRUE : FALSE;
}
export const ELLIPSIS: Value = { t: 'ellipsis' };

/** Values are never mutated, so small ints are shared (as CPython does) rather than allocated per use. */
const SMALL_INTS: Value[] = Array.from({ length: 262 }, (_, i) => ({ t: 'int', v: i - 5 }));

export function intValue(v: number): Value {
  return Number.isInteger(v) && v >= -5 && v <= 256 ? SMALL_INTS[v + 5]! : { t: 'int', v };
}

/** The keyword arguments of a call that passes none: shared, since callees never mutate kwargs. */
export const NO_KWARGS: Map<string, Value> = new Map();
/** Where a call made by library code (or a container's chain) is placed: nowhere. */
export const NO_SITE: CallSite = Object.freeze({});

/**
 * The attributes or children of an object that has none yet. Most objects are leaf layers
 * that never get either, and a model holds thousands of them: they share this map until
 * their first write, which `setAttr`/`setChild` turn into a map of their own.
 */
const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * Every field is set here, in one order, so that all objects share one V8 shape: fields
 * added later would move to a side array and make every access site polymorphic.
 */
export function newObject(cls?: ClassValue, attrs: ReadonlyMap<string, Value> = NO_ENTRIES): PyObject {
  return { cls, attrs, module: undefined, items: undefined };
}

export function setAttr(obj: PyObject, name: string, value: Value): void {
  if (obj.attrs === NO_ENTRIES) obj.attrs = new Map();
  (obj.attrs as Map<string, Value>).set(name, value);
}

export function deleteAttr(obj: PyObject, name: string): void {
  if (obj.attrs !== NO_ENTRIES) (obj.attrs as Map<string, Value>).delete(name);
}

/** A module with no children, its fields all set (see `newObject`). */
export function newModuleData(op: string, site: Span | undefined): ModuleData {
  return { op, layer: undefined, container: undefined, site, children: NO_ENTRIES, ownParams: 0, tensors: undefined, incomplete: undefined, path: undefined };
}

export function setChild(module: ModuleData, name: string, child: PyObject): void {
  if (module.children === NO_ENTRIES) module.children = new Map();
  (module.children as Map<string, PyObject>).set(name, child);
}

export function deleteChild(module: ModuleData, name: string): void {
  if (module.children !== NO_ENTRIES) (module.children as Map<string, PyObject>).delete(name);
}

export function clearChildren(module: ModuleData): void {
  module.children = NO_ENTRIES;
}

/**
 * A `None` entry of a ModuleList/Sequential (`nn.ModuleList([conv, None, conv])`): PyTorch
 * keeps it, so indices stay aligned; it has no module, so counting and naming skip it.
 */
export const NONE_CHILD: PyObject = newObject();

/** A container entry as a value: the module, or None for a `None` entry. */
export function childValue(obj: PyObject): Value {
  return obj === NONE_CHILD ? NONE : { t: 'object', obj };
}

export function unknown(reason: string): Value {
  return { t: 'unknown', reason };
}

export function int(v: number): Value {
  return { t: 'int', v };
}

export function tensor(shape: Shape | null, dtype?: 'float' | 'long' | 'bool'): Value {
  return dtype ? { t: 'tensor', shape, dtype } : { t: 'tensor', shape };
}

export function isModule(v: Value | undefined): v is { t: 'object'; obj: PyObject & { module: ModuleData } } {
  return v?.t === 'object' && v.obj.module !== undefined;
}

/** An int-like value as a Dim: a number, a symbol, or undefined when it is not int-like. */
export function asDim(v: Value | undefined): Dim | undefined {
  if (!v) return undefined;
  if (v.t === 'int') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  if (v.t === 'symint') return v.d;
  if (v.t === 'float' && Number.isInteger(v.v)) return v.v;
  // An element of a constant vector (`num_ch_enc[i]` of a numpy array) counts as its number.
  const scalar = scalarValue(v);
  if (scalar !== undefined && Number.isInteger(scalar)) return scalar;
  return undefined;
}

/** The number a 0-d tensor of known value holds. */
function scalarValue(v: Value): number | undefined {
  return v.t === 'tensor' && v.shape?.length === 0 && v.values?.length === 1 ? v.values[0] : undefined;
}

export function dimValue(d: Dim): Value {
  return typeof d === 'number' ? { t: 'int', v: d } : { t: 'symint', d };
}

export function asNumber(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.t === 'int' || v.t === 'float') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  return scalarValue(v);
}

/** Python truthiness, or undefined when it cannot be known. */
export function truthy(v: Value): boolean | undefined {
  switch (v.t) {
    case 'int':
    case 'float':
      return v.v !== 0;
    case 'bool':
      return v.v;
    case 'str':
      return v.v.length > 0;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.keys.length > 0;
    case 'tensor':
      // A one-element tensor whose value is known (`if keep[1]:` on a constant mask).
      return v.values?.length === 1 ? v.values[0] !== 0 : undefined;
    case 'unknown':
    case 'symint':
      return undefined;
    case 'object':
      if (v.obj.module?.container) return v.obj.module.children.size > 0;
      return true;
    default:
      return true;
  }
}

/** Items of an iterable value, or undefined when they cannot be known. */
export function iterItems(v: Value): Value[] | undefined {
  switch (v.t) {
    case 'tuple':
    case 'list':
      return v.items;
    case 'dict':
      return v.keys;
    case 'str':
      return [...v.v].map((c) => ({ t: 'str', v: c }));
    case 'object':
      if (v.obj.items) return v.obj.items.keys;
      if (v.obj.module?.container && !v.obj.module.incomplete) {
        const { children, tensors } = v.obj.module;
        if (v.obj.module.container === 'moduledict') return [...children.keys(), ...(tensors?.keys() ?? [])].map((k) => ({ t: 'str', v: k }));
        return [...[...children.values()].map(childValue), ...(tensors?.values() ?? [])];
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Where a key sits among a dict's keys (by hashKey), -1 when absent or unhashable. */
export function dictIndex(keys: readonly Value[], key: Value): number {
  const k = hashKey(key);
  return k === undefined ? -1 : keys.findIndex((existing) => hashKey(existing) === k);
}

/** A stable key for dict lookups on hashable values. */
export function hashKey(v: Value): string | undefined {
  switch (v.t) {
    case 'int':
      return `n:${v.v}`;
    case 'float':
      return `n:${v.v}`;
    case 'bool':
      return `n:${v.v ? 1 : 0}`;
    case 'str':
      return `s:${v.v}`;
    case 'none':
      return 'none';
    case 'tuple': {
      const parts = v.items.map(hashKey);
      return parts.every((p) => p !== undefined) ? `t:(${parts.join(',')})` : undefined;
    }
    case 'class':
      return `c:${v.cls.name}`;
    case 'extern':
      return `e:${v.path}`;
    default:
      return undefined;
  }
}

export function typeName(v: Value): string {
  switch (v.t) {
    case 'object':
      return v.obj.module?.op ?? v.obj.cls?.name ?? 'object';
    case 'extern':
      return v.path;
    default:
      return v.t;
  }
}

/** `str(value)` for the values string formatting meets in model code (names, keys). */
export function formatValue(v: Value): string {
  switch (v.t) {
    case 'int':
    case 'float':
      return String(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'str':
      return v.v;
    case 'none':
      return 'None';
    case 'symint':
      return v.d;
    case 'tuple':
      return `(${v.items.map(formatValue).join(', ')})`;
    case 'list':
      return `[${v.items.map(formatValue).join(', ')}]`;
    default:
      return '?';
  }
}
