/**
 * Attribute access: `self.conv1`, `self.fc.in_features`, `x.shape`, `layers.append`,
 * `block.expansion`, `super().__init__`. Setting an attribute on a module registers
 * submodules and parameters the way `nn.Module.__setattr__` does.
 */
import { RaiseSignal, dictSet, type Interpreter } from './interpreter';
import { addChild, allModules, layerAttribute, nextKey, transformerPart } from './modules';
import { tensorAttribute } from '../ops/operators';
import { valuesEqual } from './arith';
import { FALSE, NONE, NO_KWARGS, NO_SITE, asNumber, boolValue, childValue, namedtupleBase, clearChildren, deleteAttr, deleteChild, dictIndex, formatValue, newObject, setAttr, setChild, unknown, type BuiltinFn, type ClassValue, type PyObject, type Value } from './values';

function method(self: Value, name: string, call: BuiltinFn): Value {
  return { t: 'bound', self, fn: { t: 'builtin', name, call: (args, kwargs, site) => call(args.slice(1), kwargs, site) } };
}

export function getAttribute(interp: Interpreter, v: Value, name: string): Value {
  switch (v.t) {
    case 'object':
      return objectAttribute(interp, v, name);
    case 'super': {
      const self = v.self;
      // `super().__new__(cls, …)` in a namedtuple subclass (detectron2's ShapeSpec with defaults).
      const tupleBase = name === '__new__' ? namedtupleBase(v.after) : undefined;
      if (tupleBase) return { t: 'builtin', name: '__new__', call: ([, ...args], kwargs, site) => tupleBase.call(args, kwargs, site) };
      const cls = self.t === 'object' ? self.obj.cls : undefined;
      const found = cls ? interp.findMethod(cls, name, v.after) : undefined;
      if (!found && self.t === 'object' && self.obj.items) return dictMethod(self.obj.items, name === '__init__' ? 'update' : name);
      if (!found) return name === '__init__' ? { t: 'builtin', name: '__init__', call: () => NONE } : unknown(`super().${name}`);
      return found.t === 'func' || found.t === 'builtin' ? { t: 'bound', self, fn: found } : found;
    }
    case 'class': {
      const found = interp.findMethod(v.cls, name);
      if (found) return methodKind(found) === 'classmethod' ? { t: 'bound', self: v, fn: found } : found;
      if (name === '__name__') return { t: 'str', v: v.cls.name };
      const externBase = interp.mro(v.cls).find((e): e is string => typeof e === 'string');
      if (name === 'apply' && externBase === 'torch.autograd.Function') return autogradApply(interp, v.cls);
      return externBase ? { t: 'extern', path: `${externBase}.${name}` } : unknown(`${v.cls.name}.${name}`);
    }
    case 'extern':
      // Library constants and functions reached by attribute (`math.pi`, `F.relu`).
      return interp.externMember(v.path, name);
    case 'tensor':
      return tensorAttribute(interp, v, name);
    case 'tuple': {
      const field = v.names?.indexOf(name) ?? -1;
      if (field >= 0) return v.items[field] ?? unknown(`tuple.${name}`);
      if (name === '_asdict' && v.names) return method(v, name, () => ({ t: 'dict', keys: v.names!.map((n) => ({ t: 'str', v: n }) as Value), values: [...v.items] }));
      if (name === '_replace' && v.names) return method(v, name, (_args, kwargs) => ({ t: 'tuple', items: v.items.map((item, i) => kwargs.get(v.names![i]!) ?? item), names: v.names }));
      // torch.return_types (max, min, topk, sort, …) name their two fields.
      if (name === 'values' && v.items.length === 2) return v.items[0]!;
      if (name === 'indices' && v.items.length === 2) return v.items[1]!;
      if (name === 'count' || name === 'index') return listMethod(interp, { t: 'list', items: v.items }, name);
      return unknown(`tuple.${name}`);
    }
    case 'list':
      return listMethod(interp, v, name);
    case 'dict':
      return dictMethod(v, name);
    case 'str':
      return strMethod(v, name);
    case 'func':
      return name === '__name__' && v.fn.k === 'def' ? { t: 'str', v: v.fn.name } : unknown(`function attribute ${name}`);
    case 'partial':
      if (name === 'func') return v.fn;
      if (name === 'keywords') return { t: 'dict', keys: [...v.kwargs.keys()].map((k) => ({ t: 'str', v: k }) as Value), values: [...v.kwargs.values()] };
      return unknown(`partial.${name}`);
    case 'unknown':
      return v;
    default:
      return unknown(`attribute '${name}' of ${v.t}`);
  }
}

function objectAttribute(interp: Interpreter, v: Extract<Value, { t: 'object' }>, name: string): Value {
  const { obj } = v;
  const own = obj.attrs.get(name);
  if (own !== undefined) return own;
  if (name === '__dict__') {
    return { t: 'dict', keys: [...obj.attrs.keys()].map((k) => ({ t: 'str', v: k }) as Value), values: [...obj.attrs.values()], backing: obj };
  }
  const module = obj.module;
  const child = module?.children.get(name);
  if (child) return childValue(child);
  if (module?.layer) {
    if (module.layer.spec.name === 'Transformer' && (name === 'encoder' || name === 'decoder')) {
      const part = transformerPart(module.layer.config, name);
      setAttr(obj, name, part);
      return part;
    }
    const attr = layerAttribute(module, name);
    if (attr) return attr;
  }
  const found = obj.cls ? interp.findMethod(obj.cls, name) : undefined;
  if (found) {
    const kind = methodKind(found);
    if (kind === 'property') return interp.call(found, [v], new Map(), {});
    if (kind === 'staticmethod') return found;
    if (kind === 'classmethod' && obj.cls) return { t: 'bound', self: { t: 'class', cls: obj.cls }, fn: found };
    return found.t === 'func' || found.t === 'builtin' || found.t === 'partial' ? { t: 'bound', self: v, fn: found } : found;
  }
  // `self.__setattr__('level_%d' % i, tree)` and `self.__getattr__(name)`: setattr/getattr spelled as methods.
  if (name === '__setattr__') return method(v, name, ([n, value]) => { if (n?.t === 'str' && value) setAttribute(interp, v, n.v, value); return NONE; });
  if (name === '__getattr__') return method(v, name, ([n]) => (n?.t === 'str' ? getAttribute(interp, v, n.v) : unknown('__getattr__ of an unknown name')));
  const fallback = module ? moduleMethod(interp, v, name) : obj.items ? dictMethod(obj.items, name) : undefined;
  if (fallback && fallback.t !== 'unknown') return fallback;
  // A class's own `__getattr__` answers what normal lookup did not find (detectron2's CfgNode
  // reads `cfg.MODEL` from its items); its AttributeError means the attribute is missing.
  const hook = obj.cls && !module ? interp.findMethod(obj.cls, '__getattr__') : undefined;
  if (hook?.t === 'func') {
    try {
      return interp.call(hook, [v, { t: 'str', v: name }], NO_KWARGS, NO_SITE);
    } catch (e) {
      if (!(e instanceof RaiseSignal)) throw e;
    }
  }
  return fallback ?? unknown(`attribute '${name}' of ${obj.cls?.name ?? 'object'}`);
}

/** How a method is bound: `@property`, `@staticmethod`, `@classmethod`, or as a plain method. */
export function methodKind(v: Value): 'property' | 'staticmethod' | 'classmethod' | 'method' {
  if (v.t !== 'func' || v.fn.k !== 'def') return 'method';
  for (const d of v.fn.decorators) {
    if (d.k === 'name' && (d.id === 'property' || d.id === 'staticmethod' || d.id === 'classmethod')) return d.id;
  }
  return 'method';
}

/** `nn.Module` methods model code calls while building or running a model. */
function moduleMethod(interp: Interpreter, v: Extract<Value, { t: 'object' }>, name: string): Value {
  const module = v.obj.module!;
  switch (name) {
    case 'training':
      return FALSE;
    case '_modules':
      // `self._modules[name]` (I3D's DataParallel-safe lookup): the registered submodules by name.
      return { t: 'dict', keys: [...module.children.keys()].map((k) => ({ t: 'str', v: k }) as Value), values: [...module.children.values()].map(childValue) };
    case 'generate_square_subsequent_mask':
      return module.op === 'Transformer' ? interp.externMember('torch.nn.Transformer', name) : unknown(`${module.op}.${name}`);
    case 'add_module':
    case 'register_module':
      return method(v, name, (args, kwargs) => {
        const n = args[0] ?? kwargs.get('name');
        const m = args[1] ?? kwargs.get('module');
        if (n?.t === 'str' && m) { addChild(module, n.v, m); if (m.t !== 'object') setAttr(v.obj, n.v, m); }
        return NONE;
      });
    case 'register_buffer':
    case 'register_parameter':
      return method(v, name, (args, kwargs) => {
        const n = args[0] ?? kwargs.get('name');
        const t = args[1] ?? kwargs.get(name === 'register_buffer' ? 'tensor' : 'param');
        if (n?.t === 'str' && t) {
          setAttr(v.obj, n.v, t);
          if (name === 'register_parameter') addChild(module, n.v, t);
        }
        return NONE;
      });
    case 'append':
      return method(v, name, ([m]) => { if (m) addChild(module, nextKey(module), m); return v; });
    case 'extend':
      return method(v, name, ([ms]) => { for (const m of (ms && interp.iterate(ms)) ?? []) addChild(module, nextKey(module), m); return v; });
    case 'insert':
      return method(v, name, ([i, m]) => {
        const at = asNumber(i!) ?? module.children.size;
        const entries = [...module.children.values()];
        if (m?.t === 'object') entries.splice(at, 0, m.obj);
        clearChildren(module);
        entries.forEach((e, k) => setChild(module, String(k), e));
        return NONE;
      });
    case 'children':
      return method(v, name, () => ({ t: 'list', items: [...module.children.values()].map(childValue) }));
    case 'named_children':
      return method(v, name, () => ({ t: 'list', items: [...module.children.entries()].map(([k, obj]) => ({ t: 'tuple', items: [{ t: 'str', v: k }, childValue(obj)] }) as Value) }));
    case 'modules':
      return method(v, name, () => ({ t: 'list', items: allModules(v.obj).map((obj) => ({ t: 'object', obj }) as Value) }));
    case 'items':
      return method(v, name, () => ({ t: 'list', items: [...module.children.entries()].map(([k, obj]) => ({ t: 'tuple', items: [{ t: 'str', v: k }, childValue(obj)] }) as Value) }));
    case 'keys':
      return method(v, name, () => ({ t: 'list', items: [...module.children.keys()].map((k) => ({ t: 'str', v: k }) as Value) }));
    case 'values':
      return method(v, name, () => ({ t: 'list', items: [...module.children.values()].map(childValue) }));
    case 'parameters':
      // `next(self.parameters())` (device and dtype idioms), `sum(p.numel() for p in …)`.
      return method(v, name, () => ({ t: 'list', items: namedParameters(v.obj, '').map(([, p]) => p) }));
    case 'named_parameters':
      // torchmeta-style functional forwards: `params = OrderedDict(self.named_parameters())`.
      return method(v, name, (args, kwargs) => {
        const prefix = args[0] ?? kwargs.get('prefix');
        const named = namedParameters(v.obj, prefix?.t === 'str' ? prefix.v : '');
        return { t: 'list', items: named.map(([n, p]) => ({ t: 'tuple', items: [{ t: 'str', v: n }, p] }) as Value) };
      });
    case 'buffers':
      return method(v, name, () => ({ t: 'list', items: [] }));
    case 'apply':
    case 'to':
    case 'eval':
    case 'train':
    case 'cuda':
    case 'cpu':
    case 'float':
    case 'double':
    case 'half':
    case 'requires_grad_':
    case 'zero_grad':
      return method(v, name, () => v);
    case 'forward':
      return { t: 'bound', self: v, fn: { t: 'builtin', name: 'forward', call: (args, kwargs, site) => interp.call(args[0]!, args.slice(1), kwargs, site) } };
    case 'load_state_dict':
      return method(v, name, () => NONE);
    default:
      return unknown(`${module.op}.${name}`);
  }
}

/** Objects whose own `__setattr__` is running. */
const settingThrough = new Set<PyObject>();

export function setAttribute(interp: Interpreter, target: Value, name: string, value: Value): void {
  if (target.t === 'class') {
    // `setattr(Cls, fn.__name__, fn)` (d2l's add_to_class): a method added after the class body.
    target.cls.attrs.set(name, value.t === 'func' && !value.owner ? { ...value, owner: target.cls } : value);
    return;
  }
  if (target.t !== 'object') return;
  const { obj } = target;
  // A plain class's own `__setattr__` (`self[name] = value` in a config node) decides where
  // the value goes; while it runs, its own writes are ordinary ones.
  const hook = obj.cls && !obj.module && !settingThrough.has(obj) ? interp.findMethod(obj.cls, '__setattr__') : undefined;
  if (hook?.t === 'func') {
    settingThrough.add(obj);
    try {
      interp.call(hook, [target, { t: 'str', v: name }, value], NO_KWARGS, NO_SITE);
    } finally {
      settingThrough.delete(obj);
    }
    return;
  }
  if (name === '__dict__') {
    // `self.__dict__ = self` (the AttrDict of HiFi-GAN and DiffWave configs): the items become
    // attributes. They are copied once; configs are filled before this line, then only read.
    const entries = value.t === 'dict' ? value : value.t === 'object' ? value.obj.items : undefined;
    entries?.keys.forEach((k, i) => { if (k.t === 'str') setAttr(obj, k.v, entries.values[i]!); });
    return;
  }
  const module = obj.module;
  if (module?.layer?.spec.name === 'Transformer' && (name === 'encoder' || name === 'decoder') && !module.children.has(name)) {
    // `self.decoder = nn.Linear(…)` in a subclass of nn.Transformer (pytorch/examples'
    // word_language_model): the built stack and its parameters go away.
    const part = module.layer.spec.params?.(module.layer.config).find((t) => t.label.startsWith(`${name}:`));
    if (part) module.ownParams -= part.count;
  }
  if (module && value.t === 'object' && value.obj.module) {
    // Replacing a submodule keeps its place in the order (`resnet.conv1 = nn.Conv2d(1, …)`
    // before `list(resnet.children())`), as assigning to an existing dict key does.
    setChild(module, name, value.obj);
    deleteAttr(obj, name);
    return;
  }
  if (module && value.t === 'tensor' && value.isParameter) {
    // `self.fc.weight = self.embedding.weight` ties parameters: the layer's own tensor goes
    // away, and a parameter read back from a module is already counted there.
    const layer = module.layer;
    const replaced = layer?.spec.params?.(layer.config).find((t) => t.label === name);
    if (replaced) module.ownParams -= replaced.count;
    if (!value.owned) addChild(module, name, value);
    setAttr(obj, name, { ...value, owned: true });
    return;
  }
  if (module && value.t === 'none') deleteChild(module, name);
  setAttr(obj, name, value);
  void interp;
}

function listMethod(interp: Interpreter, v: Extract<Value, { t: 'list' }>, name: string): Value {
  switch (name) {
    case 'append':
      return method(v, name, ([x]) => { v.items.push(x ?? NONE); return NONE; });
    case 'extend':
      return method(v, name, ([x]) => { v.items.push(...((x && interp.iterate(x)) ?? [unknown('extend with an unknown iterable')])); return NONE; });
    case 'insert':
      return method(v, name, ([i, x]) => { v.items.splice(asNumber(i!) ?? v.items.length, 0, x ?? NONE); return NONE; });
    case 'pop':
      return method(v, name, ([i]) => {
        const at = i ? asNumber(i) : v.items.length - 1;
        if (at === undefined) return unknown('pop()');
        return v.items.splice(at < 0 ? v.items.length + at : at, 1)[0] ?? unknown('pop() from empty list');
      });
    case 'index':
      return method(v, name, ([x]) => {
        const i = v.items.findIndex((item) => valuesEqual(item, x!) === true);
        return i >= 0 ? { t: 'int', v: i } : unknown('index()');
      });
    case 'count':
      return method(v, name, ([x]) => ({ t: 'int', v: v.items.filter((item) => valuesEqual(item, x!) === true).length }));
    case 'reverse':
      return method(v, name, () => { v.items.reverse(); return NONE; });
    case 'copy':
      return method(v, name, () => ({ t: 'list', items: [...v.items] }));
    case 'clear':
      return method(v, name, () => { v.items.length = 0; return NONE; });
    case 'remove':
      return method(v, name, ([x]) => {
        const i = v.items.findIndex((item) => valuesEqual(item, x!) === true);
        if (i >= 0) v.items.splice(i, 1);
        return NONE;
      });
    default:
      return unknown(`list.${name}`);
  }
}

function dictMethod(v: Extract<Value, { t: 'dict' }>, name: string): Value {
  const find = (k: Value): number => dictIndex(v.keys, k);
  switch (name) {
    case 'items':
      return method(v, name, () => ({ t: 'list', items: v.keys.map((k, i) => ({ t: 'tuple', items: [k, v.values[i]!] }) as Value) }));
    case 'keys':
      return method(v, name, () => ({ t: 'list', items: [...v.keys] }));
    case 'values':
      return method(v, name, () => ({ t: 'list', items: [...v.values] }));
    case 'get':
      return method(v, name, ([k, fallback]) => { const i = find(k!); return i >= 0 ? v.values[i]! : fallback ?? NONE; });
    case '__getitem__':
      // `super().__getitem__(key)` in a dict subclass (HuggingFace's ClassInstantier).
      return method(v, name, ([k]) => { const i = find(k!); return i >= 0 ? v.values[i]! : unknown('missing key'); });
    case 'pop':
      return method(v, name, ([k, fallback]) => {
        const i = find(k!);
        if (i < 0) return fallback ?? unknown('pop() of a missing key');
        const out = v.values[i]!;
        v.keys.splice(i, 1);
        v.values.splice(i, 1);
        return out;
      });
    case 'setdefault':
      return method(v, name, ([k, d]) => { const i = find(k!); if (i >= 0) return v.values[i]!; dictSet(v.keys, v.values, k!, d ?? NONE); return d ?? NONE; });
    case 'update':
      return method(v, name, ([other], kwargs) => {
        const set = (k: Value, val: Value): void => {
          dictSet(v.keys, v.values, k, val);
          if (v.backing && k.t === 'str') setAttr(v.backing, k.v, val);
        };
        if (other?.t === 'dict') other.keys.forEach((k, i) => set(k, other.values[i]!));
        kwargs.forEach((val, k) => set({ t: 'str', v: k }, val));
        return NONE;
      });
    case 'copy':
      return method(v, name, () => ({ t: 'dict', keys: [...v.keys], values: [...v.values] }));
    default:
      return unknown(`dict.${name}`);
  }
}

function strMethod(v: Extract<Value, { t: 'str' }>, name: string): Value {
  switch (name) {
    case 'find':
    case 'index':
    case 'count':
      // `order.index('c')` (pytorch-3dunet's layer-order strings): where, or how often.
      return method(v, name, ([sub]) => {
        if (sub?.t !== 'str') return unknown(`str.${name}()`);
        if (name === 'count') return { t: 'int', v: sub.v ? v.v.split(sub.v).length - 1 : v.v.length + 1 };
        const at = v.v.indexOf(sub.v);
        return at < 0 && name === 'index' ? unknown('str.index() of a missing substring') : { t: 'int', v: at };
      });
    case 'format':
      return method(v, name, (args, kwargs) => {
        let next = 0;
        return { t: 'str', v: v.v.replace(/\{([^{}:!]*)(?:[:!][^{}]*)?\}/g, (_, field: string) => {
          const value = field === '' ? args[next++] : /^\d+$/.test(field) ? args[Number(field)] : kwargs.get(field);
          return value ? formatValue(value) : '?';
        }) };
      });
    case 'lower':
      return method(v, name, () => ({ t: 'str', v: v.v.toLowerCase() }));
    case 'upper':
      return method(v, name, () => ({ t: 'str', v: v.v.toUpperCase() }));
    case 'startswith':
      return method(v, name, ([p]) => boolValue(p?.t === 'str' && v.v.startsWith(p.v)));
    case 'endswith':
      return method(v, name, ([p]) => boolValue(p?.t === 'str' && v.v.endsWith(p.v)));
    case 'split':
      return method(v, name, ([sep]) => ({ t: 'list', items: (sep?.t === 'str' ? v.v.split(sep.v) : v.v.trim().split(/\s+/)).map((s) => ({ t: 'str', v: s }) as Value) }));
    case 'join':
      return method(v, name, () => ({ t: 'str', v: '' }));
    case 'replace':
      return method(v, name, ([a, b]) => ({ t: 'str', v: a?.t === 'str' && b?.t === 'str' ? v.v.split(a.v).join(b.v) : v.v }));
    case 'strip':
      return method(v, name, () => ({ t: 'str', v: v.v.trim() }));
    default:
      return unknown(`str.${name}`);
  }
}

/** Parameter tensors of a module tree: layer weights and biases, `nn.Parameter` attributes. */
/**
 * `named_parameters()` as PyTorch orders it: each module's own parameters (a layer's weight
 * and bias, then `nn.Parameter` attributes), then its children's, a shared module once.
 */
function namedParameters(root: PyObject, prefix: string): [string, Value][] {
  const out: [string, Value][] = [];
  const seen = new Set<PyObject>();
  const visit = (obj: PyObject, path: string): void => {
    if (seen.has(obj) || !obj.module) return;
    seen.add(obj);
    if (obj.module.layer) {
      for (const attr of ['weight', 'bias']) {
        const p = layerAttribute(obj.module, attr);
        if (p?.t === 'tensor') out.push([path + attr, p]);
      }
    }
    obj.attrs.forEach((value, name) => { if (value.t === 'tensor' && value.isParameter) out.push([path + name, value]); });
    obj.module.children.forEach((child, name) => visit(child, `${path}${name}.`));
  };
  visit(root, prefix ? `${prefix}.` : '');
  return out;
}

/**
 * `MySwish.apply(x)` for a `torch.autograd.Function` subclass (EfficientNet-PyTorch's
 * memory-efficient swish): its static `forward(ctx, …)` runs with a context whose
 * bookkeeping for the backward pass does nothing.
 */
function autogradApply(interp: Interpreter, cls: ClassValue): Value {
  const forward = interp.findMethod(cls, 'forward');
  if (!forward) return unknown(`${cls.name}.apply without a forward`);
  const noop: Value = { t: 'builtin', name: 'ctx', call: () => NONE };
  const ctx = newObject(undefined, new Map<string, Value>([
    ['save_for_backward', noop], ['mark_dirty', noop], ['mark_non_differentiable', noop], ['set_materialize_grads', noop],
    ['saved_tensors', { t: 'tuple', items: [] }],
  ]));
  return { t: 'builtin', name: `${cls.name}.apply`, call: (args, kwargs, site) => interp.call(forward, [{ t: 'object', obj: ctx }, ...args], kwargs, site) };
}
