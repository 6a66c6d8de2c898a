/**
 * Indexing and slicing of Python values (lists, tuples, strings, dicts) and of module
 * containers (`self.layers[0]`, `self.blocks[1:]`, `self.heads['cls']`). Tensor indexing
 * is an op and lives in ops/operators.ts.
 */
import { dictSet, type Interpreter } from './interpreter';
import { NO_KWARGS, NO_SITE, asNumber, childValue, dictIndex, newObject, setAttr, setChild, unknown, type PyObject, type Value } from './values';
import { newModule } from './modules';

export function sliceIndices(length: number, s: Extract<Value, { t: 'slice' }>): number[] | undefined {
  const num = (v: Value): number | undefined | null => (v.t === 'none' ? null : asNumber(v));
  const step = num(s.step) ?? 1;
  const lo = num(s.lower);
  const hi = num(s.upper);
  if (lo === undefined || hi === undefined || step === 0) return undefined;
  const clamp = (i: number): number => {
    if (i < 0) i += length;
    return step > 0 ? Math.min(Math.max(i, 0), length) : Math.min(Math.max(i, -1), length - 1);
  };
  const start = lo === null ? (step > 0 ? 0 : length - 1) : clamp(lo);
  const stop = hi === null ? (step > 0 ? length : -1) : clamp(hi);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

export function subscript(interp: Interpreter, obj: Value, index: Value): Value {
  if (obj.t === 'unknown') return obj;
  if (index.t === 'unknown') return index;
  if (obj.t === 'list' || obj.t === 'tuple' || obj.t === 'str') {
    const items: Value[] = obj.t === 'str' ? [...obj.v].map((c) => ({ t: 'str', v: c }) as Value) : obj.items;
    if (index.t === 'slice') {
      const picked = sliceIndices(items.length, index);
      if (!picked) return unknown('slice with unknown bounds');
      const sliced = picked.map((i) => items[i]!);
      if (obj.t === 'str') return { t: 'str', v: sliced.map((c) => (c as { v: string }).v).join('') };
      return { t: obj.t, items: sliced };
    }
    const i = asNumber(index);
    if (i === undefined) return unknown('index of unknown value');
    const item = items[i < 0 ? items.length + i : i];
    return item ?? unknown(`index ${i} out of range`);
  }
  if (obj.t === 'dict') {
    const at = dictIndex(obj.keys, index);
    return at >= 0 ? obj.values[at]! : unknown('missing dict key');
  }
  if (obj.t === 'object' && obj.obj.module?.container) return containerItem(obj.obj, index);
  if (obj.t === 'object') {
    // A class's own `__getitem__` (custom containers, ClassInstantier), else a dict subclass's items.
    const getter = obj.obj.cls ? interp.findMethod(obj.obj.cls, '__getitem__') : undefined;
    if (getter?.t === 'func') return interp.call(getter, [obj, index], NO_KWARGS, NO_SITE);
    if (obj.obj.items) return subscript(interp, obj.obj.items, index);
  }
  if (obj.t === 'class' || obj.t === 'extern') return obj; // typing generics: List[int], Optional[X]
  return unknown(`indexing ${obj.t}`);
}

function containerItem(obj: PyObject, index: Value): Value {
  const module = obj.module!;
  if (index.t === 'str') {
    const child = module.children.get(index.v);
    return child ? childValue(child) : module.tensors?.get(index.v) ?? unknown(`no submodule '${index.v}'`);
  }
  if (module.tensors?.size && !module.children.size) {
    // A ParameterList: its tensors by position (slices stay plain lists of them).
    const entries = [...module.tensors.values()];
    if (index.t === 'slice') {
      const picked = sliceIndices(entries.length, index);
      return picked ? { t: 'list', items: picked.map((i) => entries[i]!) } : unknown('slice with unknown bounds');
    }
    const i = asNumber(index);
    const entry = i === undefined ? undefined : entries[i < 0 ? entries.length + i : i];
    return entry ?? unknown('ParameterList index');
  }
  const children = [...module.children.values()];
  if (index.t === 'slice') {
    const picked = sliceIndices(children.length, index);
    if (!picked) return unknown('slice with unknown bounds');
    // Slicing a Sequential or ModuleList gives a new container holding the same modules.
    const sliced = newObject();
    sliced.module = newModule(module.op, {});
    sliced.module.container = module.container;
    for (const [k, i] of picked.entries()) setChild(sliced.module, String(k), children[i]!);
    return { t: 'object', obj: sliced };
  }
  const i = asNumber(index);
  if (i === undefined) return unknown('index of unknown value');
  const child = children[i < 0 ? children.length + i : i];
  return child ? childValue(child) : unknown(`index ${i} out of range`);
}

export function setSubscript(interp: Interpreter, obj: Value, index: Value, value: Value): void {
  if (obj.t === 'list') {
    const i = asNumber(index);
    if (i !== undefined) obj.items[i < 0 ? obj.items.length + i : i] = value;
    return;
  }
  if (obj.t === 'dict') {
    dictSet(obj.keys, obj.values, index, value);
    if (obj.backing && index.t === 'str') setAttr(obj.backing, index.v, value);
    return;
  }
  if (obj.t === 'object' && obj.obj.module?.container && value.t === 'object' && value.obj.module) {
    const key = index.t === 'str' ? index.v : String(asNumber(index) ?? obj.obj.module.children.size);
    setChild(obj.obj.module, key, value.obj);
  }
  if (obj.t === 'object') {
    const setter = obj.obj.cls ? interp.findMethod(obj.obj.cls, '__setitem__') : undefined;
    if (setter?.t === 'func') interp.call(setter, [obj, index, value], NO_KWARGS, NO_SITE);
    else if (obj.obj.items) dictSet(obj.obj.items.keys, obj.obj.items.values, index, value);
  }
  // A constant vector changes in place, for every name that holds it: `keep[1] = False` sets
  // one known value; anything else (`a[1:] *= 4`) leaves its values unknown.
  if (obj.t === 'tensor' && obj.values) {
    const i = index.t === 'int' ? (index.v < 0 ? obj.values.length + index.v : index.v) : undefined;
    const v = value.t === 'bool' ? Number(value.v) : value.t === 'int' || value.t === 'float' ? value.v : undefined;
    if (i !== undefined && i >= 0 && i < obj.values.length && v !== undefined) obj.values[i] = v;
    else delete (obj as { values?: number[] }).values;
  }
  void interp;
}
