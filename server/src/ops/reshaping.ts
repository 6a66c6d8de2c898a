/**
 * Ops that rearrange a tensor: view/reshape (with -1 and the contiguity check), flatten,
 * permute, transpose, squeeze, expand, repeat, cat/stack, split/chunk, unbind.
 */
import { dimMul, formatShape, isNum, normalizeAxis, type Dim, type Shape } from '../engine/dims';
import { asDim, asNumber, dimValue, tensor, unknown, type Value } from '../engine/values';
import { flattenShape, unflattenShape } from '../layers/linear';
import { viewCompatible, withPermutedStrides } from './strides';
import { catShape, dimError, permuteShape, splitSizes, transposeShape, viewShape } from './shapes';
import { arg, def, dimsArg, intArg, keep, ops, shapeOf, sizeArgs } from './registry';

// ---- reshaping ------------------------------------------------------------------------
def(['view', 'reshape'], ([x, ...rest], kwargs, ctx) => {
  if (rest.length === 1 && rest[0]!.t === 'extern') return keep()([x!], new Map(), ctx); // view(dtype)
  // `x.reshape(shape=(n, c, h, w))` (MAE's patchify), `x.view(size=…)`.
  const byKeyword = kwargs.get('shape') ?? kwargs.get('size');
  const sizes = rest.length === 0 && byKeyword ? [byKeyword] : rest;
  const s = shapeOf(x);
  if (s) return viewShape(s, sizes, ctx, 'view');
  // Every size written out (no -1): that is the shape, whatever the input's was.
  const explicit = sizeArgs(sizes);
  return tensor(explicit && explicit.length > 0 && explicit.every((d) => !isNum(d) || d >= 0) ? explicit : null);
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
/**
 * `gather(input, dim, index)` has the index's shape. PyTorch requires the index to have the
 * input's rank and, apart from `dim`, to be no larger than the input.
 */
def(['gather'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const d = intArg(args, kwargs, 1, 'dim');
  const idx = shapeOf(arg(args, kwargs, 2, 'index'));
  if (!idx) return tensor(null);
  if (!s || d === undefined) return tensor(idx);
  const axis = normalizeAxis(d, s.length);
  if (axis === undefined) return dimError(ctx, 'gather', d, s);
  if (idx.length !== s.length) {
    ctx.error('gather-index-mismatch', `gather: the index ${formatShape(idx)} must have as many dims as the input ${formatShape(s)} (${idx.length} vs ${s.length})`);
    return tensor(null);
  }
  const larger = idx.findIndex((n, i) => i !== axis && isNum(n) && isNum(s[i]) && n > (s[i] as number));
  if (larger >= 0) {
    ctx.error('gather-index-mismatch', `gather along dim ${axis}: the index ${formatShape(idx)} is larger than the input ${formatShape(s)} at dim ${larger} (${idx[larger]} vs ${s[larger]})`);
    return tensor(null);
  }
  return tensor(idx);
});

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


// ---- complex views (rotary embeddings) ------------------------------------------------
// `view_as_complex` pairs the last dim (which must be 2) into one complex value;
// `view_as_real` splits each complex value back into that trailing 2.
def(['view_as_complex'], ([x], _kw, ctx) => {
  const s = shapeOf(x);
  if (!s) return tensor(null);
  const last = s[s.length - 1];
  if (s.length === 0 || (isNum(last) && last !== 2)) return ctx.unknown(`view_as_complex needs a last dim of 2, not ${formatShape(s)}`);
  return tensor(s.slice(0, -1));
});
def(['view_as_real'], ([x]) => {
  const s = shapeOf(x);
  return tensor(s ? [...s, 2] : null);
});

// `repeat_interleave(x, r, dim=None)`: each element (or slice along dim) repeated r times;
// without a dim the input is flattened first. Tensor repeats depend on their values.
def(['repeat_interleave'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const repeats = arg(args, kwargs, 1, 'repeats');
  const r = repeats && repeats.t !== 'tensor' ? asDim(repeats) : undefined;
  if (!s || r === undefined) return tensor(null);
  const d = arg(args, kwargs, 2, 'dim');
  if (!d || d.t === 'none') return tensor([dimMul(s.reduce<Dim>((a, b) => dimMul(a, b), 1), r)]);
  const axis = normalizeAxis(asNumber(d) ?? NaN, s.length);
  if (axis === undefined) return tensor(null);
  const out = [...s];
  out[axis] = dimMul(s[axis]!, r);
  return tensor(out);
});
