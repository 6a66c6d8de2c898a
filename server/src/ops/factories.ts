/**
 * Tensor factories (`randn`, `zeros`, `arange`, `linspace`, `eye`, `*_like`, `new_*`, …) and
 * other ops that make tensors from sizes.
 */
import { dimsDiffer, formatShape, isNum, normalizeAxis, type Shape } from '../engine/dims';
import { asDim, asNumber, tensor, unknown, type Value } from '../engine/values';
import { broadcast, dimError } from './shapes';
import { arg, def, intArg, keep, shapeOf, sizeArgs, type OpFn } from './registry';

// ---- factories ------------------------------------------------------------------------
function factory(fill?: number): OpFn {
  return (args, kwargs) => {
    const size = kwargs.get('size');
    const dims = sizeArgs(size ? [size] : args.filter((a) => a.t !== 'extern' && a.t !== 'str'));
    if (!dims) return unknown('tensor size is not known');
    // A small vector of zeros or ones keeps its values: masks built then edited (`keep[1] = False`).
    const n = dims.length === 1 ? dims[0] : undefined;
    if (fill !== undefined && isNum(n) && n <= 4096) return { ...vector(Array(n).fill(fill)), dtype: dtypeOf(kwargs.get('dtype')) };
    return tensor(dims);
  };
}
function dtypeOf(v: Value | undefined): 'float' | 'long' | 'bool' | undefined {
  const name = v?.t === 'extern' ? v.path.replace(/^torch\./, '') : undefined;
  return name === 'bool' ? 'bool' : name && /^(int|long|uint8)/.test(name) ? 'long' : undefined;
}
def(['randn', 'rand', 'empty'], factory());
def(['zeros'], factory(0));
def(['ones'], factory(1));
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
  // `torch.tensor(t)` of a tensor copies it (PyTorch warns, but the shape is t's).
  if (data?.t === 'tensor') return { t: 'tensor', shape: data.shape, dtype: data.dtype, values: data.values };
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
// The legacy `weight.new(n_layers, batch, hidden)` (sizes) or `x.new(data)` (a list), as old
// notebooks build hidden states.
def(['new'], ([, ...rest]) => {
  const first = rest[0];
  if (rest.length === 1 && (first?.t === 'list' || first?.t === 'tuple') && first.items.some((i) => i.t !== 'int')) return tensor(literalShape(first) ?? null);
  return tensor(sizeArgs(rest) ?? null);
}, { methodOnly: true });

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
