/**
 * Python arithmetic and comparison on plain values (ints, floats, symbols, strings, lists).
 * Tensor operands are not handled here: the interpreter routes them to the op table.
 */
import { dimAdd, dimFloorDiv, dimMul, dimSub, type Dim } from './dims';
import { asDim, boolValue, asNumber, dimValue, formatValue, hashKey, unknown, type Value } from './values';

function numeric(v: Value): boolean {
  return v.t === 'int' || v.t === 'float' || v.t === 'bool';
}

function numberValue(n: number, isFloat: boolean): Value {
  return isFloat ? { t: 'float', v: n } : { t: 'int', v: n };
}

/** Python floor modulo. */
function pyMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

export function binaryOp(op: string, l: Value, r: Value): Value {
  if (l.t === 'unknown') return l;
  if (r.t === 'unknown') return r;
  if (numeric(l) && numeric(r)) {
    const a = asNumber(l)!;
    const b = asNumber(r)!;
    const isFloat = l.t === 'float' || r.t === 'float';
    switch (op) {
      case '+': return numberValue(a + b, isFloat);
      case '-': return numberValue(a - b, isFloat);
      case '*': return numberValue(a * b, isFloat);
      case '/': return b === 0 ? unknown('division by zero') : { t: 'float', v: a / b };
      case '//': return b === 0 ? unknown('division by zero') : numberValue(Math.floor(a / b), isFloat);
      case '%': return b === 0 ? unknown('division by zero') : numberValue(pyMod(a, b), isFloat);
      case '**': return numberValue(a ** b, isFloat || b < 0);
      case '&': return { t: 'int', v: a & b };
      case '|': return { t: 'int', v: a | b };
      case '^': return { t: 'int', v: a ^ b };
      case '<<': return { t: 'int', v: a << b };
      case '>>': return { t: 'int', v: a >> b };
      default: return unknown(`operator ${op}`);
    }
  }
  // Symbolic ints: keep the expression.
  if ((l.t === 'symint' || r.t === 'symint') && asDim(l) !== undefined && asDim(r) !== undefined) {
    const a = asDim(l) as Dim;
    const b = asDim(r) as Dim;
    switch (op) {
      case '+': return dimValue(dimAdd(a, b));
      case '-': return dimValue(dimSub(a, b));
      case '*': return dimValue(dimMul(a, b));
      case '//': return dimValue(dimFloorDiv(a, b));
      default: return unknown(`symbolic ${op}`);
    }
  }
  if (op === '+') {
    if (l.t === 'str' && r.t === 'str') return { t: 'str', v: l.v + r.v };
    if (l.t === 'list' && r.t === 'list') return { t: 'list', items: [...l.items, ...r.items] };
    if (l.t === 'tuple' && r.t === 'tuple') return { t: 'tuple', items: [...l.items, ...r.items] };
  }
  if (op === '*') {
    const [seq, count] = l.t === 'list' || l.t === 'tuple' || l.t === 'str' ? [l, r] : [r, l];
    const n = asNumber(count);
    if (n !== undefined && count.t !== 'float') {
      if (seq.t === 'str') return { t: 'str', v: seq.v.repeat(Math.max(0, n)) };
      if (seq.t === 'list' || seq.t === 'tuple') {
        const items: Value[] = [];
        for (let i = 0; i < n; i++) items.push(...seq.items);
        return { t: seq.t, items };
      }
    }
  }
  if (op === '%' && l.t === 'str') {
    // printf-style formatting: "denseblock%d" % (i + 1)
    const args = r.t === 'tuple' ? r.items : [r];
    let next = 0;
    return { t: 'str', v: l.v.replace(/%[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrs%])/g, (m, kind: string) => {
      if (kind === '%') return '%';
      const value = args[next++];
      if (!value) return m;
      const n = asNumber(value);
      if ('diou'.includes(kind) && n !== undefined) return String(Math.trunc(n));
      return formatValue(value);
    }) };
  }
  if (op === '|' && l.t === 'dict' && r.t === 'dict') return { t: 'dict', keys: [...l.keys, ...r.keys], values: [...l.values, ...r.values] };
  return unknown(`unsupported operands for ${op}: ${l.t} and ${r.t}`);
}

export function unaryOp(op: string, v: Value): Value {
  if (v.t === 'unknown') return v;
  if (op === 'not') {
    const b = truthyOrUndefined(v);
    return b === undefined ? unknown('truth of an unknown value') : boolValue(!b);
  }
  if (numeric(v)) {
    const n = asNumber(v)!;
    const isFloat = v.t === 'float';
    if (op === '-') return numberValue(-n, isFloat);
    if (op === '+') return numberValue(n, isFloat);
    if (op === '~') return { t: 'int', v: ~n };
  }
  if (v.t === 'symint' && op === '-') return dimValue(dimSub(0, v.d));
  return unknown(`unary ${op} on ${v.t}`);
}

function truthyOrUndefined(v: Value): boolean | undefined {
  switch (v.t) {
    case 'int': case 'float': return v.v !== 0;
    case 'bool': return v.v;
    case 'none': return false;
    case 'str': return v.v.length > 0;
    case 'list': case 'tuple': return v.items.length > 0;
    case 'dict': return v.keys.length > 0;
    case 'unknown': case 'symint': case 'tensor': return undefined;
    default: return true;
  }
}

/** Structural equality, or undefined when it cannot be decided. */
export function valuesEqual(a: Value, b: Value): boolean | undefined {
  if (a.t === 'unknown' || b.t === 'unknown') return undefined;
  if (numeric(a) && numeric(b)) return asNumber(a) === asNumber(b);
  if (a.t === 'symint' || b.t === 'symint') {
    const da = asDim(a);
    const db = asDim(b);
    if (da !== undefined && da === db) return true;
    return undefined;
  }
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  if ((a.t === 'tuple' || a.t === 'list') && a.t === b.t) {
    const bi = (b as typeof a).items;
    if (a.items.length !== bi.length) return false;
    let all: boolean | undefined = true;
    for (let i = 0; i < a.items.length; i++) {
      const e = valuesEqual(a.items[i]!, bi[i]!);
      if (e === false) return false;
      if (e === undefined) all = undefined;
    }
    return all;
  }
  if (a.t === 'object' && b.t === 'object') return a.obj === b.obj;
  if (a.t === 'class' && b.t === 'class') return a.cls === b.cls;
  if (a.t === 'extern' && b.t === 'extern') return a.path === b.path;
  if (a.t === 'builtin' && b.t === 'builtin') return a.call === b.call;
  if (a.t === 'tensor' || b.t === 'tensor') return undefined;
  const ka = hashKey(a);
  const kb = hashKey(b);
  if (ka !== undefined && kb !== undefined) return ka === kb;
  return a.t === b.t ? undefined : false;
}

export function compareOp(op: string, a: Value, b: Value): boolean | undefined {
  switch (op) {
    case '==': return valuesEqual(a, b);
    case '!=': case '<>': {
      const e = valuesEqual(a, b);
      return e === undefined ? undefined : !e;
    }
    case 'is':
      if (a.t === 'none' || b.t === 'none') return a.t === 'unknown' || b.t === 'unknown' ? undefined : a.t === b.t;
      return valuesEqual(a, b);
    case 'is not': {
      const e = compareOp('is', a, b);
      return e === undefined ? undefined : !e;
    }
    case 'in': return contains(b, a);
    case 'not in': {
      const c = contains(b, a);
      return c === undefined ? undefined : !c;
    }
    default: {
      if (numeric(a) && numeric(b)) {
        const x = asNumber(a)!;
        const y = asNumber(b)!;
        if (op === '<') return x < y;
        if (op === '>') return x > y;
        if (op === '<=') return x <= y;
        if (op === '>=') return x >= y;
      }
      if (a.t === 'str' && b.t === 'str' && isVersion(a.v) && isVersion(b.v)) {
        // `torch.__version__ >= '1.5.0'` compares versions (torch's TorchVersion), not text.
        const c = compareVersions(a.v, b.v);
        return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '>=' ? c >= 0 : undefined;
      }
      if (a.t === 'str' && b.t === 'str') {
        if (op === '<') return a.v < b.v;
        if (op === '>') return a.v > b.v;
        if (op === '<=') return a.v <= b.v;
        if (op === '>=') return a.v >= b.v;
      }
      return undefined;
    }
  }
}

function contains(container: Value, item: Value): boolean | undefined {
  if (container.t === 'str' && item.t === 'str') return container.v.includes(item.v);
  const items = container.t === 'list' || container.t === 'tuple' ? container.items : container.t === 'dict' ? container.keys : container.t === 'object' ? container.obj.items?.keys : undefined;
  if (!items) return undefined;
  let uncertain = false;
  for (const x of items) {
    const e = valuesEqual(x, item);
    if (e) return true;
    if (e === undefined) uncertain = true;
  }
  return uncertain ? undefined : false;
}

const VERSION = /^\d+(\.\d+)+$/;

function isVersion(s: string): boolean {
  return VERSION.test(s);
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
