/**
 * The op catalogue: `torch.*` / `F.*` functions and tensor methods by name. A function and
 * its method twin share one rule (`torch.flatten(x, 1)` and `x.flatten(1)`: the tensor is
 * the first argument either way). Window ops reuse the layer formulas.
 */
import { dimMul, dimsDiffer, formatShape, isNum, normalizeAxis, type Dim, type Shape } from '../engine/dims';
import { asDim, asNumber, dimValue, tensor, unknown, type Value } from '../engine/values';
import { LayerConfig, type ShapeContext } from '../layers/spec';
import { flattenShape, unflattenShape } from '../layers/linear';
import { adaptiveShape, poolShape } from '../layers/pool';
import { interpolateShape, padShape, pixelShuffleShape, unfoldShape } from '../layers/resample';
import { windowShape, transposedOut } from '../layers/formulas';
import { einopsShape, einsumShape } from './einops';
import { binaryValues, unaryValues } from './constantValues';
import { viewCompatible, withPermutedStrides } from './strides';
import {
  broadcast, catShape, dimError, matmulShape, permuteShape, reduceShape, splitSizes, transposeShape, viewShape,
} from './shapes';

export type OpFn = (args: Value[], kwargs: Map<string, Value>, ctx: ShapeContext) => Value;

const ops = new Map<string, OpFn>();
/** Names that are only tensor methods (`x.view`), not `torch.view`. */
const methodOnly = new Set<string>();

function def(names: string[], fn: OpFn, options: { methodOnly?: boolean } = {}): void {
  for (const n of names) {
    ops.set(n, fn);
    if (options.methodOnly) methodOnly.add(n);
  }
}

/** Argument `i` by position or `name` by keyword. */
function arg(args: Value[], kwargs: Map<string, Value>, i: number, name: string): Value | undefined {
  return kwargs.get(name) ?? args[i];
}

function shapeOf(v: Value | undefined): Shape | undefined {
  return v?.t === 'tensor' && v.shape ? v.shape : undefined;
}

function intArg(args: Value[], kwargs: Map<string, Value>, i: number, name: string): number | undefined {
  const v = arg(args, kwargs, i, name);
  return v ? asNumber(v) : undefined;
}

/** A `dim` argument that may be an int, a tuple/list of ints, or absent. */
function dimsArg(v: Value | undefined): number[] | undefined | null {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'tuple' || v.t === 'list') {
    const ds = v.items.map(asNumber);
    return ds.some((d) => d === undefined) ? null : (ds as number[]);
  }
  const d = asNumber(v);
  return d === undefined ? null : [d];
}

/** Size arguments as varargs or one tuple: `zeros(2, 3)`, `zeros((2, 3))`, `zeros(x.shape)`. */
function sizeArgs(args: Value[]): Dim[] | undefined {
  const items = args.length === 1 && (args[0]!.t === 'tuple' || args[0]!.t === 'list') ? (args[0] as { items: Value[] }).items : args;
  const dims = items.map(asDim);
  return dims.some((d) => d === undefined) ? undefined : (dims as Dim[]);
}

function keep(dtype?: 'float' | 'long' | 'bool'): OpFn {
  return ([x]) => {
    if (x?.t !== 'tensor') return unknown('op on a non-tensor');
    return dtype ? { t: 'tensor', shape: x.shape, dtype } : { t: 'tensor', shape: x.shape, dtype: x.dtype, flattened: x.flattened };
  };
}

// ---- shape-preserving ------------------------------------------------------------------
[
  'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'selu', 'celu', 'leaky_relu', 'hardswish', 'hardsigmoid',
  'hardtanh', 'mish', 'softplus', 'softsign', 'logsigmoid', 'dropout', 'dropout1d', 'dropout2d', 'dropout3d',
  'alpha_dropout', 'feature_alpha_dropout', 'abs', 'exp', 'log', 'log1p', 'log2', 'sqrt', 'rsqrt', 'neg', 'sign', 'sin',
  'cos', 'clamp', 'clip', 'clamp_min', 'clamp_max', 'floor', 'ceil', 'round', 'reciprocal', 'square', 'erf', 'nan_to_num',
  'relu_', 'sigmoid_', 'tanh_', 'threshold', 'hardshrink', 'softshrink', 'tanhshrink', 'normalize', 'layer_norm',
  'batch_norm', 'instance_norm', 'local_response_norm', 'cumsum', 'cumprod', 'rrelu', 'prelu',
  'masked_fill', 'contiguous', 'clone', 'detach', 'cpu', 'cuda', 'to', 'type_as', 'requires_grad_', 'zero_', 'fill_',
  'normal_', 'uniform_', 'clamp_', 'abs_', 'exp_', 'sqrt_', 'neg_', 'float', 'half', 'double', 'bfloat16', 'softmax',
  'log_softmax', 'softmin', 'gumbel_softmax', 'silu_', 'gelu_', 'relu6_', 'hardswish_', 'mul_scalar', 'sort_values',
  'flip', 'roll', 'triu', 'tril', 'fliplr', 'flipud', 'sigmoid_approx',
].forEach((n) => def([n], (args, kwargs, ctx) => unaryValues(n, args[0], keep()(args, kwargs, ctx))));
def(['long', 'int'], (args, kwargs, ctx) => unaryValues('int', args[0], keep('long')(args, kwargs, ctx)));
def(['argsort'], keep('long'));
def(['bool', 'isnan', 'isinf', 'logical_not'], keep('bool'));
def(['type'], (args) => (args.length > 1 ? keep()(args, new Map(), undefined as unknown as ShapeContext) : unknown('tensor.type()')), { methodOnly: true });

// ---- broadcasting binary ops ----------------------------------------------------------
function binary(name: string, result?: 'bool' | 'self'): OpFn {
  return (args, kwargs, ctx) => {
    const a = args[0];
    const b = arg(args, kwargs, 1, 'other');
    const sa = a?.t === 'tensor' ? a.shape : b?.t === 'tensor' ? [] : undefined;
    const sb = b?.t === 'tensor' ? b.shape : [];
    if (!sa || !sb) return tensor(null);
    const out = broadcast(sa, sb, ctx, name);
    if (!out) return tensor(null);
    if (result === 'self') return tensor(sa);
    return binaryValues(name, a, b, tensor(out, result === 'bool' ? 'bool' : undefined));
  };
}
for (const n of ['add', 'sub', 'mul', 'div', 'true_divide', 'floor_divide', 'remainder', 'fmod', 'maximum', 'minimum', 'atan2', 'pow', 'subtract', 'multiply', 'divide', 'hypot', 'logaddexp', 'xlogy']) def([n], binary(n));
for (const n of ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'logical_and', 'logical_or', 'logical_xor', 'greater', 'less']) def([n], binary(n, 'bool'));
for (const n of ['add_', 'sub_', 'mul_', 'div_', 'pow_', 'copy_', 'masked_fill_', 'clamp_min_']) def([n], binary(n, 'self'), { methodOnly: true });
def(['where'], (args, _kw, ctx) => {
  const shapes = args.slice(0, 3).map((v) => (v.t === 'tensor' ? v.shape : []));
  if (shapes.some((s) => !s)) return tensor(null);
  const ab = broadcast(shapes[0]!, shapes[1] ?? [], ctx, 'where');
  const out = ab ? broadcast(ab, shapes[2] ?? [], ctx, 'where') : undefined;
  return tensor(out ?? null);
});
def(['lerp', 'addcmul', 'addcdiv'], (args, _kw, ctx) => {
  const shapes = args.slice(0, 3).filter((v) => v.t === 'tensor').map((v) => (v as { shape: Shape | null }).shape);
  if (shapes.some((s) => !s)) return tensor(null);
  let out: Shape | undefined = shapes[0]!;
  for (const s of shapes.slice(1)) out = out ? broadcast(out, s!, ctx, 'lerp') : undefined;
  return tensor(out ?? null);
});

// ---- linear algebra -------------------------------------------------------------------
def(['matmul'], (args, kwargs, ctx) => {
  const a = shapeOf(args[0]);
  const b = shapeOf(arg(args, kwargs, 1, 'other'));
  if (!a || !b) return tensor(null);
  return tensor(matmulShape(a, b, ctx, 'matmul') ?? null);
});
/** mm and bmm do not broadcast: exactly 2-D (mm) or 3-D with equal batches (bmm). */
function strictMatmul(name: 'mm' | 'bmm', rank: number): OpFn {
  return (args, kwargs, ctx) => {
    const a = shapeOf(args[0]);
    const b = shapeOf(arg(args, kwargs, 1, 'mat2'));
    if (!a || !b) return tensor(null);
    if (a.length !== rank || b.length !== rank) {
      ctx.error('rank-mismatch', `${name} expects ${rank}-D tensors, but receives ${formatShape(a)} and ${formatShape(b)}`);
      return tensor(null);
    }
    if (rank === 3 && dimsDiffer(a[0], b[0])) {
      ctx.error('matmul-mismatch', `bmm: batch sizes differ: ${formatShape(a)} and ${formatShape(b)} (${a[0]} vs ${b[0]}); bmm does not broadcast`);
      return tensor(null);
    }
    return tensor(matmulShape(a, b, ctx, name) ?? null);
  };
}
def(['mm'], strictMatmul('mm', 2));
def(['bmm'], strictMatmul('bmm', 3));
def(['group_norm'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const groups = intArg(args, kwargs, 1, 'num_groups');
  if (!s) return tensor(null);
  if (groups && isNum(s[1]) && s[1] % groups !== 0) {
    ctx.error('not-divisible', `group_norm: ${s[1]} channels cannot be split into ${groups} groups`);
    return tensor(null);
  }
  return tensor(s, (args[0] as { dtype?: 'float' }).dtype);
});
def(['linear'], (args, kwargs, ctx) => {
  const x = shapeOf(args[0]);
  const w = shapeOf(arg(args, kwargs, 1, 'weight'));
  if (!x || !w || w.length !== 2) return tensor(null);
  const out = matmulShape(x, [w[1]!, w[0]!], ctx, 'linear');
  return tensor(out ?? null);
});
def(['qr'], ([x]) => {
  const s = shapeOf(x);
  if (!s || s.length < 2) return { t: 'tuple', items: [tensor(null), tensor(null)] };
  const m = s[s.length - 2]!;
  const n = s[s.length - 1]!;
  const k = isNum(m) && isNum(n) ? Math.min(m, n) : m;
  const batch = s.slice(0, -2);
  return { t: 'tuple', items: [tensor([...batch, m, k]), tensor([...batch, k, n])] };
});
def(['slogdet'], ([x]) => {
  const s = shapeOf(x);
  const batch = s ? s.slice(0, -2) : null;
  return { t: 'tuple', items: [tensor(batch), tensor(batch)] };
});
def(['det', 'logdet'], ([x]) => tensor(shapeOf(x)?.slice(0, -2) ?? null));
def(['inverse', 'inv', 'matrix_exp', 'pinverse'], (args) => {
  const s = shapeOf(args[0]);
  return tensor(s ? [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!] : null);
});
def(['einsum'], ([equation, ...rest], _kw, ctx) => {
  const operands = rest.length === 1 && (rest[0]!.t === 'list' || rest[0]!.t === 'tuple') ? (rest[0] as { items: Value[] }).items : rest;
  const shapes = operands.map(shapeOf);
  if (equation?.t !== 'str' || shapes.some((sh) => !sh)) return tensor(null);
  return einsumShape(equation.v, shapes as Shape[], ctx);
});
def(['outer', 'ger'], (args) => {
  const a = shapeOf(args[0]);
  const b = shapeOf(args[1]);
  return tensor(a && b ? [a[0]!, b[0]!] : null);
});
def(['scaled_dot_product_attention'], (args, _kw, ctx) => {
  const q = shapeOf(args[0]);
  const v = shapeOf(args[2]);
  if (!q || !v) return tensor(null);
  const k = shapeOf(args[1]);
  if (k && matmulShape(q, [...k.slice(0, -2), k[k.length - 1]!, k[k.length - 2]!], ctx, 'scaled_dot_product_attention') === undefined) return tensor(null);
  return tensor([...q.slice(0, -1), v[v.length - 1]!]);
});

// ---- reshaping ------------------------------------------------------------------------
def(['view', 'reshape'], ([x, ...rest], _kw, ctx) => {
  const s = shapeOf(x);
  if (!s) return tensor(null);
  if (rest.length === 1 && rest[0]!.t === 'extern') return keep()([x!], new Map(), ctx); // view(dtype)
  return viewShape(s, rest, ctx, 'view');
});
// `view` (unlike `reshape`) cannot copy: on a permuted tensor it may have no valid strides.
ops.set('view', (args, kwargs, ctx) => {
  const out = ops.get('reshape')!(args, kwargs, ctx);
  const x = args[0];
  if (x?.t === 'tensor' && out.t === 'tensor' && out.shape && !viewCompatible(x, out.shape)) {
    ctx.error('view-not-contiguous', `view${formatShape(out.shape)} is not compatible with the strides of the ${x.strides ? 'transposed/permuted' : ''} input ${formatShape(x.shape)}: call .contiguous() first, or use reshape`);
    return tensor(null);
  }
  return out;
});
def(['view_as', 'reshape_as'], ([x, other], _kw, ctx) => {
  const s = shapeOf(x);
  const o = shapeOf(other);
  if (!s || !o) return tensor(null);
  return viewShape(s, o.map(dimValue), ctx, 'view_as').t === 'tensor' ? tensor(o) : tensor(null);
}, { methodOnly: true });
def(['expand_as'], ([, other]) => tensor(shapeOf(other) ?? null), { methodOnly: true });
def(['flatten'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  if (!s) return tensor(null);
  return flattenShape(s, intArg(args, kwargs, 1, 'start_dim') ?? 0, intArg(args, kwargs, 2, 'end_dim') ?? -1, ctx, 'flatten');
});
def(['unflatten'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const dim = intArg(args, kwargs, 1, 'dim');
  const sizes = arg(args, kwargs, 2, 'sizes');
  const dims = sizes ? sizeArgs([sizes]) : undefined;
  return s && dim !== undefined && dims ? unflattenShape(s, dim, dims, ctx) : tensor(null);
});
def(['permute'], ([x, ...rest], kwargs, ctx) => {
  const s = shapeOf(x);
  const dims = kwargs.get('dims');
  if (!s) return tensor(null);
  const order = (dims ? [dims] : rest).flatMap((v) => (v.t === 'tuple' || v.t === 'list' ? v.items : [v])).map(asNumber);
  const out = permuteShape(s, dims ? [dims] : rest, ctx);
  if (order.some((o) => o === undefined)) return out;
  return withPermutedStrides(x, order.map((o) => normalizeAxis(o!, s.length) ?? 0), out);
});
def(['transpose', 'swapaxes', 'swapdims'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const a = intArg(args, kwargs, 1, 'dim0');
  const b = intArg(args, kwargs, 2, 'dim1');
  if (!s || a === undefined || b === undefined) return tensor(null);
  const out = transposeShape(s, a, b, ctx);
  const i = normalizeAxis(a, s.length);
  const j = normalizeAxis(b, s.length);
  if (i === undefined || j === undefined) return out;
  const order = s.map((_, k) => (k === i ? j : k === j ? i : k));
  return withPermutedStrides(args[0], order, out);
});
def(['t'], ([x], _kw, ctx) => {
  const s = shapeOf(x);
  if (!s) return tensor(null);
  if (s.length > 2) { ctx.error('rank-mismatch', `t() expects a tensor with at most 2 dims, but receives ${formatShape(s)}`); return tensor(null); }
  return withPermutedStrides(x, s.map((_, k) => s.length - 1 - k), tensor([...s].reverse()));
});
def(['movedim', 'moveaxis'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const src = intArg(args, kwargs, 1, 'source');
  const dst = intArg(args, kwargs, 2, 'destination');
  if (!s || src === undefined || dst === undefined) return tensor(null);
  const a = normalizeAxis(src, s.length);
  const b = normalizeAxis(dst, s.length);
  if (a === undefined || b === undefined) return dimError(ctx, 'movedim', a === undefined ? src : dst, s);
  const out = [...s];
  const [moved] = out.splice(a, 1);
  out.splice(b, 0, moved!);
  return tensor(out);
});
def(['squeeze'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  if (!s) return tensor(null);
  const dims = dimsArg(arg(args, kwargs, 1, 'dim'));
  if (dims === null) return tensor(null);
  if (dims === undefined) {
    if (s.some((d) => !isNum(d))) return ctx.unknown('squeeze() of a symbolic shape');
    return tensor(s.filter((d) => d !== 1));
  }
  const axes = dims.map((d) => normalizeAxis(d, s.length));
  if (axes.some((a) => a === undefined) && s.length > 0) return dimError(ctx, 'squeeze', dims[0]!, s);
  return tensor(s.filter((d, i) => !(axes.includes(i) && d === 1)));
});
def(['unsqueeze'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim');
  if (!s || d === undefined) return tensor(null);
  const axis = normalizeAxis(d, s.length + 1);
  if (axis === undefined) return dimError(ctx, 'unsqueeze', d, s);
  return tensor([...s.slice(0, axis), 1, ...s.slice(axis)]);
});
def(['expand', 'broadcast_to'], ([x, ...rest], kwargs, ctx) => {
  const s = shapeOf(x);
  const sizes = sizeArgs(kwargs.get('size') ? [kwargs.get('size')!] : rest);
  if (!s || !sizes) return tensor(null);
  const offset = sizes.length - s.length;
  if (offset < 0) { ctx.error('rank-mismatch', `expand: ${sizes.length} sizes for a ${s.length}-D tensor ${formatShape(s)}`); return tensor(null); }
  const out = sizes.map((d, i) => {
    const own = i >= offset ? s[i - offset]! : undefined;
    return d === -1 && own !== undefined ? own : d;
  });
  for (let i = 0; i < s.length; i++) {
    const own = s[i]!;
    const target = out[i + offset]!;
    if (isNum(own) && own !== 1 && isNum(target) && own !== target) {
      ctx.error('broadcast-mismatch', `expand: dim ${i} of ${formatShape(s)} is ${own} and cannot expand to ${target}`);
      return tensor(null);
    }
  }
  return tensor(out);
});
def(['repeat', 'tile'], ([x, ...rest]) => {
  const s = shapeOf(x);
  const reps = sizeArgs(rest);
  if (!s || !reps) return tensor(null);
  const n = Math.max(s.length, reps.length);
  const sp = [...Array(n - s.length).fill(1), ...s];
  const rp = [...Array(n - reps.length).fill(1), ...reps];
  return tensor(sp.map((d, i) => dimMul(d, rp[i]!)));
});
def(['narrow'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim');
  const len = arg(args, kwargs, 3, 'length');
  if (!s || d === undefined || !len) return tensor(null);
  const axis = normalizeAxis(d, s.length);
  const l = asDim(len);
  if (axis === undefined || l === undefined) return tensor(null);
  const out = [...s];
  out[axis] = l;
  return tensor(out);
});
def(['select'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim');
  if (!s || d === undefined) return tensor(null);
  const axis = normalizeAxis(d, s.length);
  return axis === undefined ? tensor(null) : tensor(s.filter((_, i) => i !== axis));
});
def(['index_select'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim');
  const idx = shapeOf(arg(args, kwargs, 2, 'index'));
  if (!s || d === undefined || !idx) return tensor(null);
  const axis = normalizeAxis(d, s.length);
  if (axis === undefined) return tensor(null);
  const out = [...s];
  out[axis] = idx[0]!;
  return tensor(out);
});
def(['gather'], (args, kwargs) => tensor(shapeOf(arg(args, kwargs, 2, 'index')) ?? null));

function gatherTensors(v: Value | undefined): Shape[] | undefined {
  if (!v || (v.t !== 'list' && v.t !== 'tuple')) return undefined;
  const shapes = v.items.map(shapeOf);
  return shapes.some((s) => !s) ? undefined : (shapes as Shape[]);
}
def(['cat', 'concat', 'concatenate'], (args, kwargs, ctx) => {
  const shapes = gatherTensors(arg(args, kwargs, 0, 'tensors'));
  const dim = intArg(args, kwargs, 1, 'dim') ?? 0;
  return shapes ? catShape(shapes, dim, false, ctx) : tensor(null);
});
def(['stack'], (args, kwargs, ctx) => {
  const shapes = gatherTensors(arg(args, kwargs, 0, 'tensors'));
  const dim = intArg(args, kwargs, 1, 'dim') ?? 0;
  return shapes ? catShape(shapes, dim, true, ctx) : tensor(null);
});
def(['hstack', 'vstack'], (args, _kw, ctx) => {
  const shapes = gatherTensors(args[0]);
  if (!shapes?.length) return tensor(null);
  return catShape(shapes, shapes[0]!.length === 1 ? 0 : 1, false, ctx);
});

function splitResult(s: Shape, axis: number, sizes: Dim[]): Value {
  return { t: 'tuple', items: sizes.map((size) => { const o = [...s]; o[axis] = size; return tensor(o); }) };
}
def(['chunk'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const chunks = intArg(args, kwargs, 1, 'chunks');
  const d = intArg(args, kwargs, 2, 'dim') ?? 0;
  if (!s || chunks === undefined) return unknown('chunk() of an unknown shape');
  const axis = normalizeAxis(d, s.length);
  if (axis === undefined) return dimError(ctx, 'chunk', d, s);
  const sizes = splitSizes(s[axis]!, { chunks });
  if (!sizes) return { t: 'tuple', items: Array.from({ length: chunks }, () => { const o = [...s]; o[axis] = `${s[axis]}/${chunks}`; return tensor(o); }) };
  return splitResult(s, axis, sizes);
});
def(['split'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const spec = arg(args, kwargs, 1, 'split_size_or_sections') ?? kwargs.get('split_size');
  const d = intArg(args, kwargs, 2, 'dim') ?? 0;
  if (!s || !spec) return unknown('split() of an unknown shape');
  const axis = normalizeAxis(d, s.length);
  if (axis === undefined) return dimError(ctx, 'split', d, s);
  const list = spec.t === 'list' || spec.t === 'tuple' ? spec.items.map(asNumber) : undefined;
  if (list) {
    if (list.some((n) => n === undefined)) return unknown('split sizes are not known');
    const total = (list as number[]).reduce((a, b) => a + b, 0);
    if (isNum(s[axis]) && total !== s[axis]) {
      ctx.error('split-size-mismatch', `split: sizes ${(list as number[]).join(', ')} add up to ${total}, but dim ${d} of ${formatShape(s)} is ${s[axis]}`);
      return unknown('bad split');
    }
    return splitResult(s, axis, list as number[]);
  }
  const size = asNumber(spec);
  const sizes = size === undefined ? undefined : splitSizes(s[axis]!, { size });
  return sizes ? splitResult(s, axis, sizes) : unknown('split of a symbolic dim');
});
def(['unbind'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim') ?? 0;
  if (!s) return unknown('unbind() of an unknown shape');
  const axis = normalizeAxis(d, s.length);
  const n = axis === undefined ? undefined : s[axis];
  if (axis === undefined || !isNum(n) || n > 4096) return unknown('unbind() of a symbolic dim');
  return { t: 'tuple', items: Array.from({ length: n }, () => tensor(s.filter((_, i) => i !== axis))) };
});

// ---- reductions -----------------------------------------------------------------------
function reduction(name: string, withIndices = false): OpFn {
  return (args, kwargs, ctx) => {
    const x = args[0];
    const s = shapeOf(x);
    const dimValueArg = arg(args, kwargs, 1, 'dim') ?? kwargs.get('axis');
    // max(a, b) / min(a, b) with a tensor second argument is elementwise.
    if (dimValueArg?.t === 'tensor') return binary(name)([x!, dimValueArg], new Map(), ctx);
    if (!s) return withIndices && dimValueArg ? { t: 'tuple', items: [tensor(null), tensor(null, 'long')] } : tensor(null);
    const dims = dimsArg(dimValueArg);
    if (dims === null) return tensor(null);
    const keepdimValue = arg(args, kwargs, 2, 'keepdim');
    const keepdim = keepdimValue?.t === 'bool' ? keepdimValue.v : false;
    const out = reduceShape(s, dims, keepdim, ctx, name);
    if (!out) return tensor(null);
    if (withIndices && dims !== undefined) return { t: 'tuple', items: [tensor(out), tensor(out, 'long')] };
    return tensor(out, name.startsWith('arg') ? 'long' : name === 'all' || name === 'any' ? 'bool' : undefined);
  };
}
for (const n of ['sum', 'mean', 'prod', 'std', 'var', 'amax', 'amin', 'logsumexp', 'norm', 'all', 'any', 'argmax', 'argmin', 'nansum', 'nanmean', 'count_nonzero']) def([n], reduction(n));
for (const n of ['max', 'min', 'median', 'mode']) def([n], reduction(n, true));
def(['topk'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const k = intArg(args, kwargs, 1, 'k');
  const d = intArg(args, kwargs, 2, 'dim') ?? -1;
  if (!s || k === undefined) return { t: 'tuple', items: [tensor(null), tensor(null, 'long')] };
  const axis = normalizeAxis(d, s.length);
  if (axis === undefined) return { t: 'tuple', items: [tensor(null), tensor(null, 'long')] };
  const out = [...s];
  out[axis] = k;
  return { t: 'tuple', items: [tensor(out), tensor(out, 'long')] };
});
def(['diff'], ([x]) => {
  const s = shapeOf(x);
  if (!s || s.length !== 1 || !isNum(s[0])) return tensor(null);
  const out: Value = { t: 'tensor', shape: [Math.max(0, s[0] - 1)], dtype: (x as { dtype?: 'long' }).dtype };
  const values = x?.t === 'tensor' ? x.values : undefined;
  if (values) out.values = values.slice(1).map((v, i) => v - values[i]!);
  return out;
});
def(['sort'], ([x]) => {
  const s = shapeOf(x) ?? null;
  return { t: 'tuple', items: [tensor(s), tensor(s, 'long')] };
});

// ---- functional twins of layers -------------------------------------------------------
function windowConfig(args: Value[], kwargs: Map<string, Value>, signature: string[]): LayerConfig {
  const bound = new Map<string, Value>();
  args.slice(1).forEach((v, i) => { if (signature[i]) bound.set(signature[i]!, v); });
  kwargs.forEach((v, k) => bound.set(k, v));
  return new LayerConfig(bound, new Map());
}
for (const n of [1, 2, 3]) {
  def([`max_pool${n}d`, `max_pool${n}d_with_indices`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    if (!s) return tensor(null);
    const cfg = windowConfig(args, kwargs, ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices']);
    const out = poolShape(s, n, cfg, ctx, `max_pool${n}d`, true);
    return cfg.bool('return_indices', false) && out.t === 'tensor' ? { t: 'tuple', items: [out, { ...out, dtype: 'long' }] } : out;
  });
  def([`avg_pool${n}d`, `lp_pool${n}d`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    if (!s) return tensor(null);
    return poolShape(s, n, windowConfig(args, kwargs, ['kernel_size', 'stride', 'padding', 'ceil_mode']), ctx, `avg_pool${n}d`, false);
  });
  def([`adaptive_avg_pool${n}d`, `adaptive_max_pool${n}d`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    return s ? adaptiveShape(s, n, arg(args, kwargs, 1, 'output_size'), ctx, `adaptive_pool${n}d`) : tensor(null);
  });
  def([`conv${n}d`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    const w = shapeOf(arg(args, kwargs, 1, 'weight'));
    if (!s || !w) return tensor(null);
    const cfg = windowConfig(args.slice(1), kwargs, ['bias', 'stride', 'padding', 'dilation', 'groups']);
    const groups = cfg.int('groups') ?? 1;
    const cin = s[s.length - n - 1]!;
    if (isNum(cin) && isNum(w[1]) && cin !== w[1] * groups) {
      ctx.error('in-channels-mismatch', `conv${n}d expects ${w[1] * groups} input channels (weight ${formatShape(w)}), but receives ${cin}`);
      return tensor(null);
    }
    const kernel = w.slice(2);
    const padding = cfg.str('padding') === 'same' ? kernel.map((k) => (isNum(k) ? Math.floor((k - 1) / 2) : 0)) : cfg.tuple('padding', n) ?? Array(n).fill(0);
    const spatial = windowShape(s, { kernel, stride: cfg.tuple('stride', n) ?? Array(n).fill(1), padding, dilation: cfg.tuple('dilation', n) ?? Array(n).fill(1) }, ctx, `conv${n}d`);
    return spatial ? tensor([...s.slice(0, s.length - n - 1), w[0]!, ...spatial]) : tensor(null);
  });
  def([`conv_transpose${n}d`], (args, kwargs) => {
    const s = shapeOf(args[0]);
    const w = shapeOf(arg(args, kwargs, 1, 'weight'));
    if (!s || !w) return tensor(null);
    const cfg = windowConfig(args.slice(1), kwargs, ['bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation']);
    const stride = cfg.tuple('stride', n) ?? Array(n).fill(1);
    const padding = cfg.tuple('padding', n) ?? Array(n).fill(0);
    const outPad = cfg.tuple('output_padding', n) ?? Array(n).fill(0);
    const dilation = cfg.tuple('dilation', n) ?? Array(n).fill(1);
    const spatial = s.slice(s.length - n).map((L, i) => transposedOut(L, w[2 + i]!, stride[i]!, padding[i]!, dilation[i]!, outPad[i]!).out);
    return tensor([...s.slice(0, s.length - n - 1), dimMul(w[1]!, cfg.int('groups') ?? 1), ...spatial]);
  });
}
def(['interpolate', 'upsample', 'upsample_nearest', 'upsample_bilinear'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  return s ? interpolateShape(s, arg(args, kwargs, 1, 'size'), arg(args, kwargs, 2, 'scale_factor'), ctx) : tensor(null);
});
def(['pad'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const pads = sizeArgs([arg(args, kwargs, 1, 'pad') ?? { t: 'none' }]);
  return s && pads ? padShape(s, pads, ctx) : tensor(null);
});
def(['pixel_shuffle', 'pixel_unshuffle'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const r = intArg(args, kwargs, 1, 'upscale_factor') ?? intArg(args, kwargs, 1, 'downscale_factor');
  return s && r ? pixelShuffleShape(s, r, false, ctx) : tensor(null);
});
ops.set('pixel_unshuffle', (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const r = intArg(args, kwargs, 1, 'downscale_factor');
  return s && r ? pixelShuffleShape(s, r, true, ctx) : tensor(null);
});
def(['channel_shuffle', 'native_channel_shuffle'], keep());
def(['unfold'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  if (!s) return tensor(null);
  // torch.Tensor.unfold(dim, size, step) slides along one dim; F.unfold extracts patches.
  if (args.length === 4 && !kwargs.size && args.slice(1).every((a) => a.t === 'int')) {
    const [d, size, step] = args.slice(1).map((a) => (a as { v: number }).v) as [number, number, number];
    const axis = normalizeAxis(d, s.length);
    if (axis === undefined) return dimError(ctx, 'unfold', d, s);
    const out = [...s];
    out[axis] = isNum(s[axis]) ? Math.floor(((s[axis] as number) - size) / step) + 1 : '?';
    return tensor([...out, size]);
  }
  return unfoldShape(s, windowConfig(args, kwargs, ['kernel_size', 'dilation', 'padding', 'stride']), ctx);
});
def(['embedding'], (args, kwargs) => {
  const idx = shapeOf(args[0]);
  const w = shapeOf(arg(args, kwargs, 1, 'weight'));
  return idx && w ? tensor([...idx, w[1]!]) : tensor(null);
});
def(['one_hot'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const n = intArg(args, kwargs, 1, 'num_classes');
  return s && n !== undefined && n > 0 ? tensor([...s, n], 'long') : tensor(null, 'long');
});
def(['cross_entropy', 'mse_loss', 'nll_loss', 'l1_loss', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'smooth_l1_loss', 'kl_div'], () => tensor([]));
def(['cosine_similarity', 'pairwise_distance'], (args, kwargs, ctx) => {
  const a = shapeOf(args[0]);
  const b = shapeOf(args[1]);
  if (!a || !b) return tensor(null);
  const out = broadcast(a, b, ctx, 'cosine_similarity');
  const d = intArg(args, kwargs, 2, 'dim') ?? 1;
  if (!out) return tensor(null);
  const axis = normalizeAxis(d, out.length);
  return tensor(axis === undefined ? null : out.filter((_, i) => i !== axis));
});

// ---- factories ------------------------------------------------------------------------
function factory(dtype?: 'long'): OpFn {
  return (args, kwargs) => {
    const size = kwargs.get('size');
    const dims = sizeArgs(size ? [size] : args.filter((a) => a.t !== 'extern' && a.t !== 'str'));
    return dims ? tensor(dims, dtype) : unknown('tensor size is not known');
  };
}
def(['randn', 'rand', 'zeros', 'ones', 'empty'], factory());
def(['full'], (args, kwargs) => {
  const size = arg(args, kwargs, 0, 'size');
  const dims = size ? sizeArgs([size]) : undefined;
  return dims ? tensor(dims) : unknown('tensor size is not known');
});
def(['randint'], (args, kwargs) => {
  const size = kwargs.get('size') ?? args.find((a) => a.t === 'tuple' || a.t === 'list');
  const dims = size ? sizeArgs([size]) : undefined;
  return dims ? tensor(dims, 'long') : unknown('tensor size is not known');
});
/** A 1-D tensor whose element values are kept when there are few enough to matter. */
function vector(values: number[], dtype?: 'long'): Value {
  const v: Value = { t: 'tensor', shape: [values.length], dtype };
  if (values.length <= 4096) v.values = values;
  return v;
}
def(['arange'], (args, kwargs) => {
  const positional = args.filter((a) => a.t !== 'extern');
  // arange(end), arange(start, end[, step]), or any of them by keyword.
  const named = ['start', 'end', 'step'].map((k) => kwargs.get(k));
  const given = named.some((v) => v) ? [named[0] ?? positional[0] ?? { t: 'int', v: 0 }, named[1] ?? positional[named[0] ? 0 : 1], named[2] ?? { t: 'int', v: 1 }] : positional;
  const nums = given.filter((a): a is Value => a !== undefined).map(asNumber);
  if (nums.some((n) => n === undefined) || nums.length === 0) return tensor(null, 'long');
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  const count = step === 0 ? 0 : Math.max(0, Math.ceil((end - start) / step));
  if (count > 4096) return tensor([count], 'long');
  const isFloat = args.some((a) => a.t === 'float');
  return vector(Array.from({ length: count }, (_, i) => start + i * step), isFloat ? undefined : 'long');
});
def(['linspace'], (args, kwargs) => {
  const start = asNumber(arg(args, kwargs, 0, 'start') ?? { t: 'none' });
  const end = asNumber(arg(args, kwargs, 1, 'end') ?? { t: 'none' });
  const steps = intArg(args, kwargs, 2, 'steps');
  if (steps === undefined) return tensor(null);
  if (start === undefined || end === undefined || steps > 4096) return tensor([steps]);
  return vector(Array.from({ length: steps }, (_, i) => (steps === 1 ? start : start + ((end - start) * i) / (steps - 1))));
});
def(['logspace'], (args, kwargs) => {
  const steps = intArg(args, kwargs, 2, 'steps');
  return tensor(steps === undefined ? null : [steps]);
});
def(['eye'], (args) => {
  const n = asDim(args[0]);
  const m = args[1] && args[1].t !== 'extern' ? asDim(args[1]) : n;
  return n === undefined ? tensor(null) : tensor([n, m ?? n]);
});
def(['tensor', 'as_tensor'], ([data]) => {
  const shape = data ? literalShape(data) ?? null : null;
  const numbers = data?.t === 'list' || data?.t === 'tuple' ? data.items.map(asNumber) : undefined;
  if (shape?.length === 1 && numbers?.every((n) => n !== undefined)) return { t: 'tensor', shape, values: numbers as number[] };
  return tensor(shape);
});
/** F.affine_grid(theta (N, 2, 3), size (N, C, H, W)) → (N, H, W, 2); 3-D likewise. */
def(['affine_grid'], (args, kwargs, ctx) => {
  const theta = shapeOf(args[0]);
  const sizeValue = arg(args, kwargs, 1, 'size');
  const size = sizeValue ? sizeArgs([sizeValue]) : undefined;
  if (!theta || !size || (size.length !== 4 && size.length !== 5)) return tensor(null);
  const spatial = size.length - 2;
  if (dimsDiffer(theta[0], size[0]) || theta.length !== 3 || dimsDiffer(theta[1], spatial) || dimsDiffer(theta[2], spatial + 1)) {
    ctx.error('affine-grid-mismatch', `affine_grid expects theta of shape (${size[0]}, ${spatial}, ${spatial + 1}) for size ${formatShape(size)}, but receives ${formatShape(theta)}`);
    return tensor(null);
  }
  return tensor([size[0]!, ...size.slice(2), spatial]);
});
/** F.grid_sample(input (N, C, H, W), grid (N, Ho, Wo, 2)) → (N, C, Ho, Wo). */
def(['grid_sample'], (args, kwargs, ctx) => {
  const input = shapeOf(args[0]);
  const grid = shapeOf(arg(args, kwargs, 1, 'grid'));
  if (!input || !grid) return tensor(null);
  if (dimsDiffer(input[0], grid[0]) || grid.length !== input.length) {
    ctx.error('grid-sample-mismatch', `grid_sample expects a grid of ${input.length}-D with batch ${input[0]}, but receives ${formatShape(grid)} for input ${formatShape(input)}`);
    return tensor(null);
  }
  return tensor([input[0]!, input[1]!, ...grid.slice(1, -1)]);
});
def(['glu'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim') ?? -1;
  if (!s) return tensor(null);
  const axis = normalizeAxis(d, s.length);
  if (axis === undefined) return dimError(ctx, 'glu', d, s);
  if (isNum(s[axis]) && s[axis] % 2 !== 0) {
    ctx.error('not-divisible', `glu: dim ${d} of ${formatShape(s)} must be even, but is ${s[axis]}`);
    return tensor(null);
  }
  const out = [...s];
  out[axis] = isNum(s[axis]) ? s[axis] / 2 : `${s[axis]}/2`;
  return tensor(out);
});
def(['meshgrid'], (args) => {
  const vectors = (args.length === 1 && (args[0]!.t === 'list' || args[0]!.t === 'tuple') ? (args[0] as { items: Value[] }).items : args).map(shapeOf);
  if (vectors.some((v) => !v || v.length !== 1)) return unknown('meshgrid of unknown vectors');
  const grid = vectors.map((v) => v![0]!);
  return { t: 'tuple', items: grid.map(() => tensor(grid, 'long')) };
});
/** triu_indices / tril_indices: a (2, count) tensor of the triangle's coordinates. */
function triangleIndices(upper: boolean): OpFn {
  return (args, kwargs) => {
    const rows = intArg(args, kwargs, 0, 'row');
    const cols = intArg(args, kwargs, 1, 'col');
    const offset = intArg(args, kwargs, 2, 'offset') ?? 0;
    if (rows === undefined || cols === undefined || rows * cols > 1_000_000) return tensor(null, 'long');
    let count = 0;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (upper ? j - i >= offset : j - i <= offset) count++;
    return tensor([2, count], 'long');
  };
}
def(['triu_indices'], triangleIndices(true));
def(['tril_indices'], triangleIndices(false));
def(['cdist'], (args, kwargs, ctx) => {
  const a = shapeOf(args[0]);
  const b = shapeOf(arg(args, kwargs, 1, 'x2'));
  if (!a || !b || a.length < 2 || b.length < 2) return tensor(null);
  if (dimsDiffer(a[a.length - 1], b[b.length - 1])) {
    ctx.error('matmul-mismatch', `cdist: points have ${a[a.length - 1]} and ${b[b.length - 1]} features`);
    return tensor(null);
  }
  const batch = broadcast(a.slice(0, -2), b.slice(0, -2), ctx, 'cdist');
  return tensor(batch ? [...batch, a[a.length - 2]!, b[b.length - 2]!] : null);
});
def(['scatter', 'scatter_add', 'scatter_', 'scatter_add_', 'index_add', 'index_add_', 'index_fill', 'index_fill_', 'index_copy', 'masked_scatter', 'index_put', 'index_put_'], keep());
def(['zeros_like', 'ones_like', 'randn_like', 'rand_like', 'empty_like', 'full_like'], keep());
def(['new_zeros', 'new_ones', 'new_empty'], ([, ...sizes], kwargs) => {
  const size = kwargs.get('size');
  return tensor((size ? sizeArgs([size]) : sizeArgs(sizes)) ?? null);
}, { methodOnly: true });
def(['new_full'], ([, size]) => tensor((size ? sizeArgs([size]) : undefined) ?? null), { methodOnly: true });
def(['new_tensor'], ([, data]) => tensor(data ? literalShape(data) ?? null : null), { methodOnly: true });

function literalShape(v: Value): Shape | undefined {
  if (v.t === 'int' || v.t === 'float' || v.t === 'bool') return [];
  if (v.t === 'list' || v.t === 'tuple') {
    if (v.items.length === 0) return [0];
    const inner = literalShape(v.items[0]!);
    return inner ? [v.items.length, ...inner] : undefined;
  }
  return undefined;
}

/** einops.rearrange / reduce / repeat: pattern second, axis sizes as keywords. */
export const einopsFunctions: ReadonlyMap<string, OpFn> = new Map(
  (['rearrange', 'reduce', 'repeat'] as const).map((name) => [name, (args: Value[], kwargs: Map<string, Value>, ctx: ShapeContext): Value => {
    const s = shapeOf(args[0]);
    const pattern = args[1] ?? kwargs.get('pattern');
    if (!s || pattern?.t !== 'str') return tensor(null);
    const sizes = new Map([...kwargs].filter(([k]) => k !== 'pattern' && k !== 'reduction'));
    return einopsShape(name, s, pattern.v, sizes, ctx);
  }]),
);

export const torchFunctions: ReadonlyMap<string, OpFn> = new Map([...ops].filter(([n]) => !methodOnly.has(n)));
export const tensorMethods: ReadonlyMap<string, OpFn> = ops;
