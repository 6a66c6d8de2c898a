/**
 * Reductions over dims (with keepdim), and the ones that return values with indices
 * (max, min, topk, sort).
 */
import { isNum, normalizeAxis } from '../engine/dims';
import { tensor, type Value } from '../engine/values';
import { reduceShape } from './shapes';
import { binary } from './elementwise';
import { arg, def, dimsArg, intArg, shapeOf, type OpFn } from './registry';

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
// `torch.var_mean(w, dim=[1, 2, 3], keepdim=True, unbiased=False)`: two reductions of one shape.
for (const n of ['var_mean', 'std_mean']) {
  def([n], (args, kwargs, ctx) => {
    const reduced = reduction(n)(args, kwargs, ctx);
    return { t: 'tuple', items: [reduced, reduced] };
  });
}
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

