/**
 * `copy.copy`, `copy.deepcopy` and `dataclasses.replace`. A deep copy of a module is a new
 * module tree with parameters of its own: `clones(layer, N)` in the Annotated Transformer
 * holds N layers' weights. Copies get no construction site, as in PyTorch, where `copy`
 * (not the user's file) creates them.
 */
import type { Interpreter } from './interpreter';
import { NONE_CHILD, clearChildren, newObject, setAttr, setChild, unknown, type ModuleData, type PyObject, type Value } from './values';

export function deepCopy(v: Value, memo = new Map<PyObject, PyObject>()): Value {
  switch (v.t) {
    case 'list':
    case 'tuple':
      return { t: v.t, items: v.items.map((x) => deepCopy(x, memo)) };
    case 'dict':
      return { t: 'dict', keys: v.keys, values: v.values.map((x) => deepCopy(x, memo)) };
    case 'object':
      return { t: 'object', obj: copyObject(v.obj, memo) };
    default:
      return v;
  }
}

function copyObject(obj: PyObject, memo: Map<PyObject, PyObject>): PyObject {
  if (obj === NONE_CHILD) return obj;
  const done = memo.get(obj);
  if (done) return done;
  const copy = newObject(obj.cls);
  memo.set(obj, copy);
  obj.attrs.forEach((value, name) => setAttr(copy, name, deepCopy(value, memo)));
  if (obj.items) copy.items = { t: 'dict', keys: [...obj.items.keys], values: obj.items.values.map((x) => deepCopy(x, memo)) };
  if (obj.module) {
    const module = copyModule(obj.module);
    obj.module.children.forEach((child, name) => setChild(module, name, copyObject(child, memo)));
    copy.module = module;
  }
  return copy;
}

/** A module like `module`, with no children yet. */
function copyModule(module: ModuleData): ModuleData {
  const layer = module.layer && { spec: module.layer.spec, config: module.layer.config.clone() };
  const copy = { ...module, layer, site: undefined, path: undefined };
  clearChildren(copy);
  return copy;
}

export function shallowCopy(v: Value): Value {
  switch (v.t) {
    case 'list':
      return { t: 'list', items: [...v.items] };
    case 'dict':
      return { t: 'dict', keys: [...v.keys], values: [...v.values] };
    case 'object': {
      const { obj } = v;
      const copy = newObject(obj.cls, new Map(obj.attrs));
      if (obj.items) copy.items = { t: 'dict', keys: [...obj.items.keys], values: [...obj.items.values] };
      if (obj.module) {
        const module = copyModule(obj.module);
        obj.module.children.forEach((child, name) => setChild(module, name, child));
        copy.module = module;
      }
      return { t: 'object', obj: copy };
    }
    default:
      return v;
  }
}

/** `dataclasses.replace(cfg, depth=12)`: a new instance built from the old fields and the changes. */
export function dataclassReplace(interp: Interpreter, obj: Value | undefined, changes: Map<string, Value>): Value {
  if (obj?.t !== 'object') return unknown('dataclasses.replace() of a non-dataclass');
  const cls = obj.obj.cls;
  if (cls?.dataclassFields) {
    const fields = new Map<string, Value>();
    for (const f of cls.dataclassFields) {
      const current = obj.obj.attrs.get(f.name);
      if (current) fields.set(f.name, current);
    }
    changes.forEach((value, name) => fields.set(name, value));
    return interp.instantiate(cls, [], fields, {});
  }
  const copy = shallowCopy(obj);
  if (copy.t === 'object') changes.forEach((value, name) => setAttr(copy.obj, name, value));
  return copy;
}
