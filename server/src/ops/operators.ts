/**
 * Where the interpreter meets tensor ops: running an op and recording it (a record per
 * op in `forward`, placed where its expression starts), Python operators on tensors
 * (`a + b`, `a @ b`), indexing, and tensor attributes (`x.shape`, `x.size(0)`, `x.view`).
 */
import type { Span } from '../syntax/ast';
import { isNum, normalizeAxis, type Dim, type Shape } from '../engine/dims';
import type { Interpreter } from '../engine/interpreter';
import { newLayerRecord, outputShapes, tensorShapes } from '../engine/records';
import { FALSE, NO_KWARGS, asNumber, boolValue, dimValue, tensor, unknown, type Value } from '../engine/values';
import { sliceIndices } from '../engine/subscript';
import { tensorMethods, type OpFn } from './catalog';
import { binaryValues } from './constantValues';
import { broadcast, dimError, matmulShape, sliceLength } from './shapes';

const OPERATOR_NAMES: Record<string, string> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '//': 'floor_divide', '%': 'remainder', '**': 'pow', '@': 'matmul',
  '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor',
  '==': 'eq', '!=': 'ne', '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge',
};
const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);


/** Runs an op's shape rule; in user `forward` code its result becomes a record. */
export function runOp(interp: Interpreter, name: string, fn: OpFn, args: Value[], kwargs: Map<string, Value>, span: Span | undefined): Value {
  const inputs = tensorShapes(args);
  const recording = span !== undefined && interp.forwardDepth > 0;
  const record = newLayerRecord('op', span ?? interp.nearestRecord()?.span ?? { from: 0, to: 0 }, name, inputs, interp.recorder.depth, true);
  const ctx = interp.recorder.contextFor(recording ? record : interp.nearestRecord() ?? record);
  // Tracking stops at an op whose inputs were known but whose output is not.
  const hadKnownInput = inputs.some((s) => s !== null);
  let out = fn(args, kwargs, ctx);
  if (out.t === 'tensor' && !out.shape && hadKnownInput && recording && span) interp.recorder.noteUnknown(span, `${name}() result shape could not be inferred`);
  if (out.t === 'unknown' && hadKnownInput) out = tensor(null);
  const shapes = outputShapes(out);
  if (recording && shapes.length > 0) {
    record.output = shapes[0] ?? null;
    if (out.t === 'tuple') record.outputs = shapes;
    const owner = interp.nearestRecord();
    record.name = owner?.name ? `${owner.name}.${name}` : name;
    interp.recorder.records.push(record);
  }
  return out;
}

/** `1 - x`, `2 / x`, …: PyTorch records the reflected dunder when only the right side is a tensor. */
const REFLECTED_NAMES: Record<string, string> = { '-': '__rsub__', '/': '__rdiv__', '**': '__rpow__', '//': '__rfloordiv__', '%': '__rmod__' };

/** `a + b`, `a @ b`, … where at least one side is a tensor. */
export function tensorOperator(interp: Interpreter, op: string, l: Value, r: Value, span: Span | undefined, inPlace: boolean): Value {
  // `n += x` with `n` a number is `n = n + x`: not in place.
  if (l.t !== 'tensor') inPlace = false;
  const reflected = l.t !== 'tensor' ? REFLECTED_NAMES[op] : undefined;
  const name = reflected ?? (inPlace ? '__i' : '') + (OPERATOR_NAMES[op] ?? op) + (inPlace ? '__' : '');
  const fn: OpFn = (_args, _kw, ctx) => {
    const ls = l.t === 'tensor' ? l.shape : asNumber(l) !== undefined || l.t === 'symint' ? [] : undefined;
    const rs = r.t === 'tensor' ? r.shape : asNumber(r) !== undefined || r.t === 'symint' ? [] : undefined;
    if (!ls || !rs) return tensor(null);
    if (op === '@') return tensor(matmulShape(ls, rs, ctx, 'matmul (@)') ?? null);
    const out = broadcast(ls, rs, ctx, `${op} (${OPERATOR_NAMES[op] ?? op})`);
    if (!out) return tensor(null);
    if (inPlace && l.t === 'tensor' && out.length !== ls.length) {
      ctx.error('broadcast-mismatch', `in-place ${op}=: the result ${out.length}-D does not fit the left side ${ls.length}-D`);
    }
    if (COMPARISONS.has(op)) return binaryValues(OPERATOR_NAMES[op]!, l, r, tensor(out, 'bool'));
    const result = tensor(inPlace && l.t === 'tensor' ? ls : out);
    // Reflected operators (`2 ** t`) keep their operand order.
    return binaryValues(OPERATOR_NAMES[op] ?? op, l, r, result);
  };
  return runOp(interp, name, fn, [l, r], NO_KWARGS, span);
}

/** `widths[i]` and `widths[1:]` of a constant vector keep their values (numpy configs). */
function constantElement(x: Extract<Value, { t: 'tensor' }>, index: Value): Value | undefined {
  const values = x.values;
  if (!values || x.shape?.length !== 1) return undefined;
  if (index.t === 'int') {
    const v = values[index.v < 0 ? values.length + index.v : index.v];
    return v === undefined ? undefined : { t: 'tensor', shape: [], dtype: x.dtype, values: [v] };
  }
  if (index.t === 'slice') {
    const picked = sliceIndices(values.length, index)?.map((i) => values[i]!);
    return picked && { t: 'tensor', shape: [picked.length], dtype: x.dtype, values: picked };
  }
  return undefined;
}

function listAsIndexTensor(item: Value): Value {
  if (item.t !== 'list' || !item.items.every((i) => i.t === 'int')) return item;
  return { t: 'tensor', shape: [item.items.length], dtype: 'long' };
}

/** `x[...]`: ints drop a dim, slices shorten it, None adds one, `...` skips ahead. */
export function indexTensor(interp: Interpreter, x: Extract<Value, { t: 'tensor' }>, index: Value, span: Span | undefined): Value {
  const fn: OpFn = (_args, _kw, ctx) => {
    const shape = x.shape;
    if (!shape) return tensor(null);
    const element = constantElement(x, index);
    if (element) return element;
    // `x[:, [-1], :]`: a list of ints inside a tuple index is an index tensor of that length.
    const items = (index.t === 'tuple' ? index.items : [index]).map(listAsIndexTensor);
    const understood = (i: Value): boolean => ['int', 'symint', 'bool', 'slice', 'none', 'ellipsis', 'tensor'].includes(i.t);
    if (!items.every(understood)) return ctx.unknown('index value is not known');
    const tensorIndices = items.filter((i) => i.t === 'tensor') as Extract<Value, { t: 'tensor' }>[];
    if (tensorIndices.some((i) => i.dtype === 'bool' || !i.shape)) return tensor(null); // data-dependent
    // Several index tensors broadcast together; their result dims replace the indexed dims
    // where they stand when they are adjacent, and go first when a slice separates them.
    let advancedShape: Shape | undefined;
    for (const t of tensorIndices) advancedShape = advancedShape ? broadcast(advancedShape, t.shape!, ctx, 'index') : t.shape!;
    if (tensorIndices.length && !advancedShape) return tensor(null);
    const firstAt = items.findIndex((i) => i.t === 'tensor');
    const lastAt = items.length - 1 - [...items].reverse().findIndex((i) => i.t === 'tensor');
    const adjacent = items.slice(firstAt, lastAt + 1).every((i) => i.t === 'tensor');
    const consumed = items.filter((i) => i.t !== 'none' && i.t !== 'ellipsis').length;
    const out: Dim[] = [];
    let axis = 0;
    for (const item of items) {
      if (item.t === 'ellipsis') {
        const skip = shape.length - consumed;
        for (let k = 0; k < skip; k++) out.push(shape[axis++]!);
      } else if (item.t === 'none') out.push(1);
      else if (item.t === 'tensor') {
        if (axis >= shape.length) return dimError(ctx, 'index', axis, shape);
        if (adjacent && item === items[firstAt]) out.push(...advancedShape!);
        axis++;
      }
      else if (item.t === 'slice') {
        if (axis >= shape.length) return dimError(ctx, 'index', axis, shape);
        out.push(sliceLength(shape[axis++]!, item.lower, item.upper, item.step));
      } else {
        if (axis >= shape.length) {
          ctx.error('index-out-of-range', `too many indices for a ${shape.length}-D tensor ${JSON.stringify(shape)}`);
          return tensor(null);
        }
        const i = asNumber(item);
        const size = shape[axis]!;
        if (i !== undefined && typeof size === 'number' && (i >= size || i < -size)) {
          ctx.error('index-out-of-range', `index ${i} is out of range for dim ${axis} of size ${size}`);
          return tensor(null);
        }
        axis++;
      }
    }
    while (axis < shape.length) out.push(shape[axis++]!);
    if (advancedShape && !adjacent) out.unshift(...advancedShape);
    return tensor(out, x.dtype);
  };
  return runOp(interp, '__getitem__', fn, [x], NO_KWARGS, span);
}

/** `x.shape`, `x.size(…)`, `x.ndim`, `x.T`, and tensor methods bound to `x`. */
export function tensorAttribute(interp: Interpreter, x: Extract<Value, { t: 'tensor' }>, name: string): Value {
  const shape = x.shape;
  switch (name) {
    case 'shape':
      return shape ? { t: 'tuple', items: shape.map(dimValue) } : unknown('shape of a tensor of unknown shape');
    case 'ndim':
      return shape ? { t: 'int', v: shape.length } : unknown('ndim of a tensor of unknown shape');
    case 'T':
      return shape ? tensor([...shape].reverse(), x.dtype) : tensor(null);
    case 'data':
      return x;
    case 'real':
    case 'imag':
      // Parts of a complex tensor (an FFT's output); PyTorch does not record them as ops.
      return tensor(shape, 'float');
    case 'dtype':
      return { t: 'extern', path: `torch.${x.dtype === 'long' ? 'int64' : x.dtype === 'bool' ? 'bool' : 'float32'}` };
    case 'device':
    case 'grad':
      return unknown(`tensor.${name}`);
    case 'is_cuda':
      return FALSE;
    case 'requires_grad':
      return boolValue(!!x.isParameter);
    case 'size':
      if (x.numpy) return shape && shape.every(isNum) ? { t: 'int', v: shape.reduce((a, d) => a * (d as number), 1) } : unknown('size of an array of unknown shape');
      return builtin('size', (args) => {
        if (!shape) return unknown('size() of a tensor of unknown shape');
        const d = args[0] ?? args.find(() => false);
        if (!d) return { t: 'tuple', items: shape.map(dimValue) };
        const n = asNumber(d);
        const axis = n === undefined ? undefined : normalizeAxis(n, shape.length);
        return axis === undefined ? unknown('size() of a dim out of range') : dimValue(shape[axis]!);
      });
    case 'dim':
    case 'ndimension':
      return builtin(name, () => (shape ? { t: 'int', v: shape.length } : unknown('dim() of a tensor of unknown shape')));
    case 'numel':
      return builtin(name, () => {
        if (!shape) return unknown('numel() of a tensor of unknown shape');
        const total = shape.reduce<number | undefined>((a, d) => (a !== undefined && typeof d === 'number' ? a * d : undefined), 1);
        return total === undefined ? unknown('numel() of a symbolic shape') : { t: 'int', v: total };
      });
    case 'item':
      return builtin(name, () => (x.values?.length === 1 ? numberValue(x.values[0]!, x.dtype) : unknown('tensor.item() is a runtime value')));
    case 'tolist':
      return builtin(name, () => (x.values && shape?.length === 1 ? { t: 'list', items: x.values.map((v) => numberValue(v, x.dtype)) } : unknown('tensor.tolist() is a runtime value')));
    case 'numpy':
      return builtin(name, () => unknown(`tensor.${name}() is a runtime value`));
    case 'register_hook':
    case 'backward':
      return builtin(name, () => ({ t: 'none' }));
    default: {
      // An in-place method (`triu_`, `sin_`) has the shape rule of its out-of-place twin.
      const fn = tensorMethods.get(name) ?? (name.endsWith('_') ? tensorMethods.get(name.slice(0, -1)) : undefined);
      if (!fn) return unknown(`tensor method ${name}() is not supported`);
      return { t: 'builtin', name, call: (args, kwargs, site) => runOp(interp, name, fn, [x, ...args], kwargs, site.span) };
    }
  }
}

function numberValue(v: number, dtype: string | undefined): Value {
  return dtype === 'long' ? { t: 'int', v } : { t: 'float', v };
}

function builtin(name: string, call: (args: Value[]) => Value): Value {
  return { t: 'builtin', name, call: (args) => call(args) };
}
