/**
 * Python builtins and the few standard-library functions model code leans on (`math`,
 * `functools.partial`, `collections.OrderedDict`, `itertools`). Each works on known
 * values and answers `unknown` otherwise.
 */
import { compareOp } from './arith';
import { dataclassReplace, deepCopy, shallowCopy } from './copying';
import { canonicalTorchName } from './externs';
import { runOp, tensorOperator } from '../ops/operators';
import type { Interpreter } from './interpreter';
import {
  DATACLASS_FIELD, FALSE, NONE, NO_KWARGS, NO_SITE, TRUE, asNumber, boolValue, hashKey, namedtupleBase, newObject, truthy, unknown,
  type BuiltinFn, type CallSite, type ClassValue, type Value,
} from './values';

export function pythonBuiltins(interp: Interpreter): Map<string, Value> {
  const vars = new Map<string, Value>();
  const def = (name: string, call: BuiltinFn): void => { vars.set(name, { t: 'builtin', name, call }); };
  const items = (v: Value | undefined): Value[] | undefined => (v ? interp.iterate(v) : undefined);

  def('range', (args) => {
    const nums = args.map(asNumber);
    if (nums.some((n) => n === undefined)) return unknown('range() of unknown bounds');
    const [a, b, c] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
    if (c === 0 || Math.abs((b - a) / c) > 100_000) return unknown('range() too large to follow');
    const out: Value[] = [];
    for (let i = a; c > 0 ? i < b : i > b; i += c) out.push({ t: 'int', v: i });
    return { t: 'list', items: out };
  });
  def('len', ([v]) => {
    if (!v) return unknown('len()');
    const ownLen = v.t === 'object' && v.obj.cls ? interp.findMethod(v.obj.cls, '__len__') : undefined;
    if (ownLen?.t === 'func') return interp.call(ownLen, [v], NO_KWARGS, NO_SITE);
    if (v.t === 'str') return { t: 'int', v: v.v.length };
    if (v.t === 'tensor') return v.shape?.[0] !== undefined ? (typeof v.shape[0] === 'number' ? { t: 'int', v: v.shape[0] } : { t: 'symint', d: v.shape[0] }) : unknown('len() of a tensor of unknown shape');
    const xs = items(v);
    return xs ? { t: 'int', v: xs.length } : unknown(`len() of ${v.t}`);
  });
  def('list', ([v]) => {
    if (!v) return { t: 'list', items: [] };
    const xs = items(v);
    return xs ? { t: 'list', items: [...xs] } : unknown(`list() of ${v.t}`);
  });
  def('tuple', ([v]) => {
    if (!v) return { t: 'tuple', items: [] };
    const xs = items(v);
    return xs ? { t: 'tuple', items: [...xs] } : unknown(`tuple() of ${v.t}`);
  });
  def('set', ([v]) => {
    if (!v) return { t: 'list', items: [] };
    const xs = items(v);
    if (!xs) return unknown(`set() of ${v.t}`);
    // Sets are kept as lists of distinct items (in first-seen order).
    const seen = new Set<string>();
    const out: Value[] = [];
    for (const x of xs) {
      const k = hashKey(x);
      if (k === undefined) return unknown('set() of unhashable values');
      if (!seen.has(k)) { seen.add(k); out.push(x); }
    }
    return { t: 'list', items: out };
  });
  vars.set('frozenset', vars.get('tuple')!);
  const dict: BuiltinFn = ([v], kwargs) => {
    const keys: Value[] = [];
    const values: Value[] = [];
    if (v?.t === 'dict') { keys.push(...v.keys); values.push(...v.values); }
    else if (v) {
      for (const pair of items(v) ?? []) {
        const kv = items(pair);
        if (kv?.length === 2) { keys.push(kv[0]!); values.push(kv[1]!); }
      }
    }
    kwargs.forEach((value, k) => { keys.push({ t: 'str', v: k }); values.push(value); });
    return { t: 'dict', keys, values };
  };
  def('dict', dict);
  def('OrderedDict', dict);
  def('int', ([v]) => {
    if (!v) return { t: 'int', v: 0 };
    if (v.t === 'str') return Number.isFinite(Number(v.v)) ? { t: 'int', v: Math.trunc(Number(v.v)) } : unknown('int() of a string');
    const n = asNumber(v);
    if (n !== undefined) return { t: 'int', v: Math.trunc(n) };
    return v.t === 'symint' ? v : unknown('int() of an unknown value');
  });
  def('float', ([v]) => {
    const text = v?.t === 'str' ? v.v.trim().toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity') : undefined;
    const n = v ? asNumber(v) ?? (text !== undefined ? Number(text) : undefined) : 0;
    return n !== undefined && !Number.isNaN(n) ? { t: 'float', v: n } : unknown('float()');
  });
  def('bool', ([v]) => {
    const b = v ? truthy(v) : false;
    return b === undefined ? unknown('bool() of an unknown value') : boolValue(b);
  });
  def('str', ([v]) => (v?.t === 'str' ? v : v && asNumber(v) !== undefined ? { t: 'str', v: String(asNumber(v)) } : { t: 'str', v: '' }));
  const extremum = (pick: (a: number, b: number) => boolean): BuiltinFn => (args) => {
    const xs = args.length === 1 ? items(args[0]) : args;
    if (!xs?.length) return unknown('min()/max() of unknown values');
    let best = xs[0]!;
    for (const x of xs.slice(1)) {
      const a = asNumber(x);
      const b = asNumber(best);
      if (a === undefined || b === undefined) return unknown('min()/max() of unknown values');
      if (pick(a, b)) best = x;
    }
    return best;
  };
  def('min', extremum((a, b) => a < b));
  def('max', extremum((a, b) => a > b));
  def('sum', ([v, startArg], kwargs, site) => {
    const start = startArg ?? kwargs.get('start');
    const xs = v ? items(v) : undefined;
    if (!xs) return unknown('sum()');
    if (xs.some((x) => x.t === 'tensor')) {
      // sum() of tensors: 0 + a + b + …, each `+` an op at the call (as PyTorch records it).
      return xs.reduce<Value>((acc, x) => tensorOperator(interp, '+', acc, x, site.span, false), start ?? { t: 'int', v: 0 });
    }
    let total = start ? asNumber(start) ?? NaN : 0;
    let isFloat = start?.t === 'float';
    for (const x of xs) {
      const n = asNumber(x);
      if (n === undefined) return unknown('sum() of unknown values');
      if (x.t === 'float') isFloat = true;
      total += n;
    }
    return isFloat ? { t: 'float', v: total } : { t: 'int', v: total };
  });
  def('abs', ([v], _kw, site) => {
    if (v?.t === 'tensor') return runOp(interp, 'abs', ([x]) => ({ t: 'tensor', shape: (x as { shape: null }).shape }), [v], new Map(), site.span);
    const n = v ? asNumber(v) : undefined;
    return n === undefined ? unknown('abs()') : { t: v!.t === 'float' ? 'float' : 'int', v: Math.abs(n) } as Value;
  });
  def('round', ([v, nd]) => {
    const n = v ? asNumber(v) : undefined;
    if (n === undefined) return unknown('round()');
    if (nd && asNumber(nd) !== undefined) { const f = 10 ** asNumber(nd)!; return { t: 'float', v: Math.round(n * f) / f }; }
    // Python rounds half to even.
    const r = Math.round(n);
    const even = Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : r;
    return { t: 'int', v: even };
  });
  def('pow', ([a, b]) => {
    const x = a ? asNumber(a) : undefined;
    const y = b ? asNumber(b) : undefined;
    return x === undefined || y === undefined ? unknown('pow()') : { t: a!.t === 'float' || y < 0 ? 'float' : 'int', v: x ** y } as Value;
  });
  def('divmod', ([a, b]) => {
    const x = a ? asNumber(a) : undefined;
    const y = b ? asNumber(b) : undefined;
    if (x === undefined || !y) return unknown('divmod()');
    const q = Math.floor(x / y);
    return { t: 'tuple', items: [{ t: 'int', v: q }, { t: 'int', v: x - q * y }] };
  });
  // A tensor zipped or enumerated is unbound, as in a loop, recorded at the call.
  const rowsOf = (v: Value, site: CallSite): Value[] | undefined => interp.iterateRecorded(v, site.span);
  def('zip', (args, _kwargs, site) => {
    const lists = args.map((v) => rowsOf(v, site));
    if (lists.some((l) => !l)) return unknown('zip() of unknown iterables');
    const n = Math.min(...lists.map((l) => l!.length));
    return { t: 'list', items: Array.from({ length: n }, (_, i) => ({ t: 'tuple', items: lists.map((l) => l![i]!) }) as Value) };
  });
  def('enumerate', ([v, startArg], kwargs, site) => {
    const start = startArg ?? kwargs.get('start');
    const xs = v ? rowsOf(v, site) : undefined;
    if (!xs) return unknown('enumerate() of an unknown iterable');
    const s = start ? asNumber(start) ?? 0 : 0;
    return { t: 'list', items: xs.map((x, i) => ({ t: 'tuple', items: [{ t: 'int', v: i + s }, x] }) as Value) };
  });
  def('reversed', ([v]) => {
    const xs = v ? items(v) : undefined;
    return xs ? { t: 'list', items: [...xs].reverse() } : unknown('reversed()');
  });
  def('sorted', ([v], kwargs) => {
    const xs = v ? items(v) : undefined;
    if (!xs || xs.some((x) => asNumber(x) === undefined && x.t !== 'str')) return unknown('sorted()');
    const out = [...xs].sort((a, b) => (compareOp('<', a, b) ? -1 : compareOp('>', a, b) ? 1 : 0));
    if (kwargs.get('reverse')?.t === 'bool' && (kwargs.get('reverse') as { v: boolean }).v) out.reverse();
    return { t: 'list', items: out };
  });
  def('any', ([v]) => {
    const xs = v ? items(v) : undefined;
    if (!xs) return unknown('any()');
    const ts = xs.map(truthy);
    return ts.includes(true) ? TRUE : ts.includes(undefined) ? unknown('any()') : FALSE;
  });
  def('all', ([v]) => {
    const xs = v ? items(v) : undefined;
    if (!xs) return unknown('all()');
    const ts = xs.map(truthy);
    return ts.includes(false) ? FALSE : ts.includes(undefined) ? unknown('all()') : TRUE;
  });
  def('map', ([fn, ...its], _kw, site) => {
    const lists = its.map(items);
    if (!fn || lists.some((l) => !l)) return unknown('map()');
    const n = Math.min(...lists.map((l) => l!.length));
    return { t: 'list', items: Array.from({ length: n }, (_, i) => interp.call(fn, lists.map((l) => l![i]!), new Map(), site)) };
  });
  def('filter', ([fn, it], _kw, site) => {
    const xs = it ? items(it) : undefined;
    if (!fn || !xs) return unknown('filter()');
    return { t: 'list', items: xs.filter((x) => truthy(fn.t === 'none' ? x : interp.call(fn, [x], new Map(), site)) === true) };
  });
  def('iter', ([v]) => v ?? unknown('iter()'));
  def('vars', ([v]) => (v?.t === 'object' ? interp.getAttr(v, '__dict__') : unknown('vars()')));
  def('next', ([v, fallback]) => {
    const xs = v ? items(v) : undefined;
    return xs?.[0] ?? fallback ?? unknown('next()');
  });
  def('isinstance', ([v, cls]) => (v && cls ? isInstance(interp, v, cls) : unknown('isinstance()')));
  def('issubclass', ([cls, base]) => {
    if (!cls || !base) return unknown('issubclass()');
    let uncertain = false;
    for (const b of base.t === 'tuple' ? base.items : [base]) {
      const r = isSubclass(interp, cls, b);
      if (r === true) return TRUE;
      if (r === undefined) uncertain = true;
    }
    return uncertain ? unknown('issubclass()') : FALSE;
  });
  def('callable', ([v]) => boolValue(!!v && ['func', 'builtin', 'class', 'extern', 'partial', 'bound'].includes(v.t)));
  def('hasattr', ([obj, name]) => (obj && name?.t === 'str' ? hasAttribute(interp, obj, name.v) : unknown('hasattr()')));
  def('getattr', ([obj, name, fallback]) => {
    if (!obj || name?.t !== 'str') return fallback ?? unknown('getattr()');
    const v = interp.getAttr(obj, name.v);
    return v.t === 'unknown' && fallback ? fallback : v;
  });
  def('setattr', ([obj, name, value]) => {
    if (obj && name?.t === 'str' && value) interp.setAttr(obj, name.v, value);
    return NONE;
  });
  // `type(x) is tuple` (octave convolutions' two-path inputs): builtin types are the builtins.
  const TYPE_NAMES: Partial<Record<Value['t'], string>> = { tuple: 'tuple', list: 'list', dict: 'dict', int: 'int', float: 'float', str: 'str', bool: 'bool' };
  const noneType: Value = { t: 'builtin', name: 'NoneType', call: () => NONE };
  def('type', ([v]) => {
    if (v?.t === 'object' && v.obj.cls) return { t: 'class', cls: v.obj.cls };
    if (v?.t === 'tensor') return { t: 'extern', path: 'torch.Tensor' };
    if (v?.t === 'none') return noneType;
    const builtin = v && TYPE_NAMES[v.t];
    return (builtin && vars.get(builtin)) || unknown('type()');
  });
  def('id', () => unknown('id()'));
  def('hash', ([v]) => (v && hashKey(v) ? { t: 'str', v: hashKey(v)! } : unknown('hash()')));
  def('print', () => NONE);
  vars.set('Ellipsis', { t: 'ellipsis' });
  vars.set('NotImplemented', NONE);
  def('partial', ([fn, ...args], kwargs) => (fn ? { t: 'partial', fn, args, kwargs } : unknown('partial()')));
  def('__reduce', ([fn, seq, initial], _kw, site) => {
    const xs = seq ? items(seq) : undefined;
    if (!fn || !xs || (xs.length === 0 && !initial)) return unknown('functools.reduce()');
    let acc = initial ?? xs[0]!;
    for (const x of initial ? xs : xs.slice(1)) acc = interp.call(fn, [acc, x], new Map(), site);
    return acc;
  });
  // `globals()[backend](pretrained)`: a factory picked by name from the module's namespace.
  def('globals', () => {
    const keys: Value[] = [];
    const values: Value[] = [];
    interp.globals.vars.forEach((v, k) => { keys.push({ t: 'str', v: k }); values.push(v); });
    return { t: 'dict', keys, values };
  });
  // `opt = argparse.Namespace(img_size=64, channels=3)`: a bag of attributes.
  def('__namespace', (_args, kwargs) => ({ t: 'object', obj: newObject(undefined, new Map(kwargs)) }));
  // `len(bin(stride))` sizes heads by powers of two.
  for (const [name, base, prefix] of [['bin', 2, '0b'], ['oct', 8, '0o'], ['hex', 16, '0x']] as const) {
    def(name, ([v]) => {
      const n = v ? asNumber(v) : undefined;
      if (n === undefined || !Number.isInteger(n)) return unknown(`${name}() of an unknown int`);
      return { t: 'str', v: `${n < 0 ? '-' : ''}${prefix}${Math.abs(n).toString(base)}` };
    });
  }
  // torch.nn.modules.utils' `_pair(3)` → (3, 3): an int repeated, an iterable as a tuple.
  const ntuple = (n: number): BuiltinFn => ([x]) => {
    if (!x) return unknown('_ntuple()');
    const xs = x.t === 'str' ? undefined : items(x);
    return { t: 'tuple', items: xs ?? Array(n).fill(x) };
  };
  ([['__single', 1], ['__pair', 2], ['__triple', 3], ['__quadruple', 4]] as const).forEach(([name, n]) => def(name, ntuple(n)));
  def('__ntuple', ([n]) => {
    const count = n ? asNumber(n) : undefined;
    return count === undefined ? unknown('_ntuple() of an unknown size') : { t: 'builtin', name: `_ntuple(${count})`, call: ntuple(count) };
  });
  // `dataclasses.field(default_factory=…)` and `dataclasses.fields(obj)` (each with a `.name`).
  def('__dataclass_field', (_args, kwargs) => ({ t: 'object', obj: newObject(undefined, new Map([[DATACLASS_FIELD, TRUE], ...kwargs])) }));
  def('__dataclass_fields', ([v]) => {
    const cls = v?.t === 'object' ? v.obj.cls : v?.t === 'class' ? v.cls : undefined;
    if (!cls?.dataclassFields) return unknown('dataclasses.fields() of a non-dataclass');
    return { t: 'tuple', items: cls.dataclassFields.map((f) => ({ t: 'object', obj: newObject(undefined, new Map<string, Value>([['name', { t: 'str', v: f.name }]])) }) as Value) };
  });
  def('__none', () => NONE);
  vars.set('__none_value', NONE);
  def('__isfunction', ([v]) => boolValue(v?.t === 'func' || v?.t === 'builtin' || v?.t === 'partial'));
  def('__isclass', ([v]) => boolValue(v?.t === 'class' || (v?.t === 'extern' && canonicalTorchName(v.path) !== undefined)));
  def('__false', () => FALSE);
  def('__identity', ([v]) => v ?? NONE);
  def('__deepcopy', ([v]) => (v ? deepCopy(v) : NONE));
  def('__copy', ([v]) => (v ? shallowCopy(v) : NONE));
  def('__replace', ([v], kwargs) => dataclassReplace(interp, v, kwargs));
  def('__cast', ([, v]) => v ?? unknown('cast()'));
  def('__is_tensor', ([v]) => boolValue(v?.t === 'tensor'));
  // `namedtuple('Out', ['logits', 'features'])` or `'logits features'`: fields by position or keyword.
  def('__namedtuple', ([, spec]) => {
    const fieldValues = spec?.t === 'str' ? spec.v.split(/[\s,]+/).filter(Boolean) : spec ? items(spec)?.map((f) => (f.t === 'str' ? f.v : '')) : undefined;
    const names = fieldValues ?? [];
    return {
      t: 'builtin',
      name: 'namedtuple',
      call: (args, kwargs) => ({ t: 'tuple', items: names.length ? names.map((n, i) => args[i] ?? kwargs.get(n) ?? NONE) : args, names }),
      fields: names,
    };
  });

  // `re.split(r'(\d.*)', op)` (EfficientNet's block strings `'r1_k3_s11_e1_i32_o16_se0.25'`):
  // the patterns config parsers use read the same in JavaScript; one that does not is unknown.
  const regex = (pattern: Value | undefined, flags: string): RegExp | undefined => {
    if (pattern?.t !== 'str') return undefined;
    try { return new RegExp(pattern.v, flags); } catch { return undefined; }
  };
  const strings = (xs: (string | undefined)[]): Value => ({ t: 'list', items: xs.map((x) => (x === undefined ? NONE : { t: 'str', v: x })) });
  def('__re_split', ([pattern, text]) => {
    const re = regex(pattern, '');
    return re && text?.t === 'str' ? strings(text.v.split(re)) : unknown('re.split()');
  });
  def('__re_sub', ([pattern, replacement, text]) => {
    const re = regex(pattern, 'g');
    return re && replacement?.t === 'str' && text?.t === 'str' ? { t: 'str', v: text.v.replace(re, replacement.v.replace(/\\(\d)/g, '$$$1')) } : unknown('re.sub()');
  });
  def('__re_findall', ([pattern, text]) => {
    const re = regex(pattern, 'g');
    if (!re || text?.t !== 'str') return unknown('re.findall()');
    const found = [...text.v.matchAll(re)];
    return { t: 'list', items: found.map((m) => (m.length <= 1 ? { t: 'str', v: m[0] } : m.length === 2 ? { t: 'str', v: m[1] ?? '' } : { t: 'tuple', items: m.slice(1).map((g) => ({ t: 'str', v: g ?? '' })) }) as Value) };
  });

  const math1 = (name: string, f: (x: number) => number, integral: boolean): void =>
    def(`__math_${name}`, ([v]) => {
      const n = v ? asNumber(v) : undefined;
      if (n === undefined) return v?.t === 'symint' && integral ? v : unknown(`math.${name}() of an unknown value`);
      return integral ? { t: 'int', v: f(n) } : { t: 'float', v: f(n) };
    });
  math1('floor', Math.floor, true);
  math1('ceil', Math.ceil, true);
  math1('trunc', Math.trunc, true);
  math1('sqrt', Math.sqrt, false);
  def('__math_log', ([v, base]) => {
    const n = v ? asNumber(v) : undefined;
    const b = base ? asNumber(base) : Math.E;
    return n === undefined || b === undefined ? unknown('math.log() of an unknown value') : { t: 'float', v: Math.log(n) / Math.log(b) };
  });
  math1('log2', Math.log2, false);
  math1('exp', Math.exp, false);
  math1('cos', Math.cos, false);
  math1('sin', Math.sin, false);
  vars.set('__math_pi', { t: 'float', v: Math.PI });
  vars.set('__math_e', { t: 'float', v: Math.E });
  vars.set('__math_inf', { t: 'float', v: Infinity });
  def('__math_prod', ([v]) => {
    const xs = v ? items(v) : undefined;
    const ns = xs?.map(asNumber);
    return ns && ns.every((n) => n !== undefined) ? { t: 'int', v: ns.reduce<number>((a, b) => a * b!, 1) } : unknown('math.prod()');
  });
  def('__math_gcd', ([a, b]) => {
    let x = a ? asNumber(a) : undefined;
    let y = b ? asNumber(b) : undefined;
    if (x === undefined || y === undefined) return unknown('math.gcd()');
    while (y) [x, y] = [y, x % y];
    return { t: 'int', v: Math.abs(x) };
  });
  def('__math_isclose', ([a, b]) => boolValue(Math.abs((asNumber(a!) ?? NaN) - (asNumber(b!) ?? NaN)) < 1e-9));
  def('__itertools_chain', (args) => {
    const lists = args.map(items);
    return lists.every((l) => l) ? { t: 'list', items: lists.flatMap((l) => l!) } : unknown('itertools.chain()');
  });
  def('__itertools_product', (args) => {
    const lists = args.map(items);
    if (lists.some((l) => !l)) return unknown('itertools.product()');
    let acc: Value[][] = [[]];
    for (const l of lists) acc = acc.flatMap((prefix) => l!.map((x) => [...prefix, x]));
    return { t: 'list', items: acc.map((t) => ({ t: 'tuple', items: t }) as Value) };
  });
  def('__itertools_repeat', ([v, times]) => {
    const n = times ? asNumber(times) : undefined;
    return v && n !== undefined && n <= 100_000 ? { t: 'list', items: Array(n).fill(v) } : unknown('itertools.repeat() without a count');
  });
  def('__itertools_accumulate', ([v]) => {
    const ns = (v ? items(v) : undefined)?.map(asNumber);
    if (!ns || ns.some((n) => n === undefined)) return unknown('itertools.accumulate()');
    let total = 0;
    return { t: 'list', items: ns.map((n) => ({ t: 'int', v: (total += n!) }) as Value) };
  });
  return vars;
}

/** `isinstance` over builtin types, `torch.Tensor`, `nn` classes and user classes. */
function isInstance(interp: Interpreter, v: Value, cls: Value): Value {
  if (cls.t === 'tuple' || cls.t === 'list') {
    let uncertain = false;
    for (const c of cls.items) {
      const r = isInstance(interp, v, c);
      if (r.t === 'bool' && r.v) return r;
      if (r.t === 'unknown') uncertain = true;
    }
    return uncertain ? unknown('isinstance()') : FALSE;
  }
  if (v.t === 'unknown') return v;
  // `isinstance(feat, SparseFeat)` for `SparseFeat = namedtuple(...)` (DeepCTR's feature columns).
  if (cls.t === 'builtin' && cls.fields) return boolValue(v.t === 'tuple' && v.names === cls.fields);
  if (cls.t === 'builtin') {
    const byName: Record<string, Value['t'][]> = {
      int: ['int', 'bool', 'symint'], float: ['float'], bool: ['bool'], str: ['str'],
      list: ['list'], tuple: ['tuple'], dict: ['dict'], OrderedDict: ['dict'],
    };
    const kinds = byName[cls.name];
    return kinds ? boolValue(kinds.includes(v.t)) : unknown('isinstance()');
  }
  if (cls.t === 'extern') {
    if (/(^|\.)Tensor$/.test(cls.path)) return boolValue(v.t === 'tensor');
    if (/^typing\.|collections\.abc\./.test(cls.path) && /Sequence|Iterable|List|Tuple/.test(cls.path)) return boolValue(v.t === 'list' || v.t === 'tuple');
    if (/^typing\.|collections\.abc\./.test(cls.path) && /Mapping|Dict/.test(cls.path)) return boolValue(v.t === 'dict' || (v.t === 'object' && !!v.obj.items));
    const name = canonicalTorchName(cls.path);
    if (name && v.t === 'object') {
      if (name === 'Module') return boolValue(!!v.obj.module);
      const own = v.obj.module?.layer?.spec.name ?? v.obj.module?.op;
      const inherits = v.obj.cls ? interp.mro(v.obj.cls).some((e) => typeof e === 'string' && canonicalTorchName(e) === name) : false;
      return boolValue(own === name || inherits);
    }
    if (name) return FALSE;
    return unknown('isinstance() against an unknown class');
  }
  if (cls.t === 'class') {
    const tupleBase = namedtupleBase(cls.cls);
    if (tupleBase) return boolValue(v.t === 'tuple' && v.names === tupleBase.fields);
    if (v.t !== 'object' || !v.obj.cls) return FALSE;
    return boolValue(interp.mro(v.obj.cls).includes(cls.cls as ClassValue));
  }
  return unknown('isinstance()');
}

const PLAIN_KINDS = new Set<Value['t']>(['tuple', 'list', 'dict', 'str', 'int', 'float', 'bool', 'none']);

function hasAttribute(interp: Interpreter, obj: Value, name: string): Value {
  switch (obj.t) {
    case 'class': {
      // A class answers from its body and bases, as far as they are the file's or torch's.
      if (interp.findMethod(obj.cls, name) !== undefined) return TRUE;
      const otherLibrary = interp.mro(obj.cls).some((e) => typeof e === 'string' && canonicalTorchName(e) === undefined);
      return otherLibrary ? unknown('hasattr()') : FALSE;
    }
    case 'extern':
      // A torch class has no private name user code invented (mmcv's `_abbr_`).
      return canonicalTorchName(obj.path) !== undefined && name.startsWith('_') ? FALSE : unknown('hasattr()');
    case 'tensor':
      // A tensor has a `__dict__`, and none of user code's private names (`_asdict`).
      return name === '__dict__' ? TRUE : name.startsWith('_') ? FALSE : unknown('hasattr()');
    case 'object': {
      const { obj: o } = obj;
      const has = name === '__dict__' || o.attrs.has(name) || !!o.module?.children.has(name) || (o.cls ? interp.findMethod(o.cls, name) !== undefined : false);
      return boolValue(has);
    }
    default:
      // Plain values have the attributes the engine knows for them (`batch._asdict` on a namedtuple).
      return PLAIN_KINDS.has(obj.t) ? boolValue(interp.getAttr(obj, name).t !== 'unknown') : unknown('hasattr()');
  }
}

/** torch's private base classes, by the public classes derived from them. */
const TORCH_BASES: Record<string, RegExp> = {
  _BatchNorm: /^(Sync|Lazy)?BatchNorm[123]?d?$/,
  _InstanceNorm: /^(Lazy)?InstanceNorm[123]d$/,
  _NormBase: /^(Sync|Lazy)?(Batch|Instance)Norm[123]?d?$/,
  _ConvNd: /^(Lazy)?Conv(Transpose)?[123]d$/,
  _ConvTransposeNd: /^(Lazy)?ConvTranspose[123]d$/,
  _DropoutNd: /^(Alpha)?Dropout[123]?d?$/,
};

/** `issubclass(cls, base)`: user classes by their MRO, library classes by name and torch's bases. */
function isSubclass(interp: Interpreter, cls: Value, base: Value): boolean | undefined {
  const last = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
  const libraryIs = (path: string, basePath: string): boolean | undefined => {
    if (path === basePath || last(path) === last(basePath) || canonicalTorchName(basePath) === 'Module') return true;
    const derived = TORCH_BASES[last(basePath)];
    if (derived) return derived.test(last(path));
    return canonicalTorchName(path) !== undefined && canonicalTorchName(basePath) !== undefined ? false : undefined;
  };
  if (cls.t === 'class') {
    const mro = interp.mro(cls.cls);
    if (base.t === 'class') return mro.includes(base.cls);
    if (base.t !== 'extern') return undefined;
    let uncertain = false;
    for (const entry of mro) {
      if (typeof entry !== 'string') continue;
      const r = libraryIs(entry, base.path);
      if (r) return true;
      if (r === undefined) uncertain = true;
    }
    return uncertain ? undefined : false;
  }
  if (cls.t === 'extern') return base.t === 'extern' ? libraryIs(cls.path, base.path) : base.t === 'class' ? false : undefined;
  return undefined;
}
