/**
 * Linear algebra: matmul (broadcasting), mm/bmm (strict), linear, einsum, qr, det,
 * inverse, scaled dot-product attention.
 */
import { dimsDiffer, formatShape, isNum, normalizeAxis, type Shape } from '../engine/dims';
import { asNumber, tensor, type Value } from '../engine/values';
import { einsumShape } from './einops';
import { broadcast, matmulShape } from './shapes';
import { arg, def, intArg, shapeOf, type OpFn } from './registry';

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
/**
 * `addmm(input, mat1, mat2)` (GPT-2's Conv1D: `torch.addmm(self.bias, x.view(-1, nx), self.weight)`),
 * `baddbmm`, `addmv`: the product, with `input` broadcast onto it.
 */
function addProduct(name: 'addmm' | 'baddbmm' | 'addmv', product: OpFn): OpFn {
  return (args, kwargs, ctx) => {
    const input = shapeOf(arg(args, kwargs, 0, 'input'));
    const out = product([arg(args, kwargs, 1, name === 'addmv' ? 'mat' : name === 'addmm' ? 'mat1' : 'batch1')!, arg(args, kwargs, 2, name === 'addmv' ? 'vec' : name === 'addmm' ? 'mat2' : 'batch2')!], new Map(), ctx);
    const s = shapeOf(out);
    if (!s || !input) return out.t === 'tensor' ? tensor(s ?? null) : out;
    return tensor(broadcast(input, s, ctx, name) ? s : null);
  };
}
def(['addmm'], addProduct('addmm', strictMatmul('mm', 2)));
def(['baddbmm'], addProduct('baddbmm', strictMatmul('bmm', 3)));
def(['addmv'], addProduct('addmv', (args, _kw, ctx) => {
  const m = shapeOf(args[0]);
  const v = shapeOf(args[1]);
  return m && v ? tensor(matmulShape(m, v, ctx, 'addmv') ?? null) : tensor(null);
}));
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
/** `tensordot(a, b, dims)`: the last `dims` axes of a against the first of b, or the axes listed. */
def(['tensordot'], (args, kwargs, ctx) => {
  const a = shapeOf(args[0]);
  const b = shapeOf(arg(args, kwargs, 1, 'b'));
  const dims = arg(args, kwargs, 2, 'dims');
  if (!a || !b) return tensor(null);
  const axes = (v: Value | undefined, rank: number): number[] | undefined => {
    const list = v?.t === 'list' || v?.t === 'tuple' ? v.items.map(asNumber) : [v ? asNumber(v) : undefined];
    const normalized = list.map((d) => (d === undefined ? undefined : normalizeAxis(d, rank)));
    return normalized.some((d) => d === undefined) ? undefined : (normalized as number[]);
  };
  const count = dims ? asNumber(dims) : 2;
  const pairs = dims?.t === 'list' || dims?.t === 'tuple' ? dims.items : undefined;
  const axesA = count !== undefined ? Array.from({ length: count }, (_, i) => a.length - count + i) : pairs?.length === 2 ? axes(pairs[0], a.length) : undefined;
  const axesB = count !== undefined ? Array.from({ length: count }, (_, i) => i) : pairs?.length === 2 ? axes(pairs[1], b.length) : undefined;
  if (!axesA || !axesB || axesA.length !== axesB.length || axesA.some((d) => d < 0) || axesB.some((d) => d >= b.length)) return tensor(null);
  for (let i = 0; i < axesA.length; i++) {
    if (dimsDiffer(a[axesA[i]!], b[axesB[i]!])) {
      ctx.error('matmul-mismatch', `tensordot: contracted dims differ: ${a[axesA[i]!]} (dim ${axesA[i]} of ${formatShape(a)}) vs ${b[axesB[i]!]} (dim ${axesB[i]} of ${formatShape(b)})`);
      return tensor(null);
    }
  }
  return tensor([...a.filter((_, i) => !axesA.includes(i)), ...b.filter((_, i) => !axesB.includes(i))]);
});
/** `diag(v)` puts a vector on the diagonal of a square matrix; `diag(m)` takes a matrix's diagonal. */
def(['diag'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const k = intArg(args, kwargs, 1, 'diagonal') ?? 0;
  if (s?.length === 1) {
    const n = isNum(s[0]) ? s[0] + Math.abs(k) : k === 0 ? s[0]! : '?';
    return tensor([n, n]);
  }
  if (s?.length === 2 && isNum(s[0]) && isNum(s[1])) return tensor([Math.max(0, k >= 0 ? Math.min(s[0], s[1] - k) : Math.min(s[0] + k, s[1]))]);
  return tensor(null);
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

