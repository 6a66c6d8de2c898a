/**
 * Shape rules of tensor ops that do not belong to a layer: broadcasting, matmul, view and
 * reshape with -1, permute, cat/stack, split/chunk, reductions, indexing. Each follows
 * PyTorch's documented semantics and reports through a ShapeContext.
 */
import { dimFloorDiv, dimProduct, dimSub, dimsDiffer, formatShape, isNum, normalizeAxis, type Dim, type Shape } from '../engine/dims';
import { asDim, asNumber, tensor, type Value } from '../engine/values';
import type { ShapeContext } from '../layers/spec';

/** NumPy/PyTorch broadcasting of two shapes; undefined (after an error) when incompatible. */
export function broadcast(a: Shape, b: Shape, ctx: ShapeContext, what: string): Shape | undefined {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (dimsDiffer(x, y)) {
      ctx.error('broadcast-mismatch', `${what}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (dim ${i - n} is ${x} vs ${y})`);
      return undefined;
    } else out.push(isNum(x) ? x : y);
  }
  return out;
}

export function matmulShape(a: Shape, b: Shape, ctx: ShapeContext, what: string): Shape | undefined {
  if (a.length === 0 || b.length === 0) {
    ctx.error('rank-mismatch', `${what}: both operands need at least 1 dim, got ${formatShape(a)} and ${formatShape(b)}`);
    return undefined;
  }
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k1 = a2[a2.length - 1]!;
  const k2 = b2[b2.length - 2]!;
  if (dimsDiffer(k1, k2)) {
    ctx.error('matmul-mismatch', `${what}: inner dims differ: ${formatShape(a)} @ ${formatShape(b)} (${k1} vs ${k2})`);
    return undefined;
  }
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2), ctx, what);
  if (!batch) return undefined;
  const out = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]!);
  if (b.length > 1) out.push(b2[b2.length - 1]!);
  if (isNum(k1)) {
    const rows = dimProduct(out.slice(1));
    if (isNum(rows)) ctx.macs(rows * k1);
  }
  return out;
}

/** Sizes for view/reshape: ints, a tuple, or a torch.Size; -1 inferred from the element count. */
export function viewShape(input: Shape, sizeArgs: Value[], ctx: ShapeContext, what: string): Value {
  let items = sizeArgs;
  if (items.length === 1 && (items[0]!.t === 'tuple' || items[0]!.t === 'list')) items = (items[0] as { items: Value[] }).items;
  const sizes = items.map(asDim);
  if (sizes.some((s) => s === undefined)) return ctx.unknown(`${what} sizes are not known`);
  const dims = sizes as Dim[];
  const total = dimProduct(input);
  const inferIndex = dims.indexOf(-1);
  if (dims.filter((d) => d === -1).length > 1) {
    ctx.error('view-size-mismatch', `${what}: only one dimension can be -1`);
    return tensor(null);
  }
  if (inferIndex >= 0) {
    const known = dimProduct(dims.filter((_, i) => i !== inferIndex));
    if (isNum(total) && isNum(known)) {
      if (known === 0 || total % known !== 0) {
        ctx.error('view-size-mismatch', `${what}${formatShape(dims)} cannot hold ${formatShape(input)} (${total} elements are not a multiple of ${known})`);
        return tensor(null);
      }
      const out = [...dims];
      out[inferIndex] = total / known;
      ctx.explain(`-1 = ${total} / ${known} = ${total / known}`);
      return tensor(out);
    }
    const out = [...dims];
    out[inferIndex] = symbolicQuotient(input, dims.filter((_, i) => i !== inferIndex));
    return tensor(out);
  }
  const product = dimProduct(dims);
  if (isNum(total) && isNum(product) && total !== product) {
    ctx.error('view-size-mismatch', `${what}${formatShape(dims)} needs ${product} elements, but the input ${formatShape(input)} has ${total}`);
    return tensor(null);
  }
  return tensor(dims);
}

/** `input / known` for symbolic shapes: cancel equal factors, keep the rest. */
function symbolicQuotient(input: Shape, known: Dim[]): Dim {
  const remaining = [...input];
  const divisor: Dim[] = [];
  for (const k of known) {
    const i = remaining.indexOf(k);
    if (i >= 0) remaining.splice(i, 1);
    else divisor.push(k);
  }
  // Cancel the numeric parts when they divide: (N, 256, 6, 6) / 9216 → N.
  const symbols = remaining.filter((d) => !isNum(d));
  const numeric = remaining.filter(isNum).reduce((a, b) => a * b, 1);
  const divisorNumeric = divisor.filter(isNum).reduce((a, b) => a * b, 1);
  if (divisor.every(isNum) && divisorNumeric !== 0 && numeric % divisorNumeric === 0) return dimProduct([...symbols, numeric / divisorNumeric]);
  const numerator = dimProduct(remaining);
  return divisor.length ? dimFloorDiv(numerator, dimProduct(divisor)) : numerator;
}

export function permuteShape(input: Shape, order: Value[], ctx: ShapeContext): Value {
  let items = order;
  if (items.length === 1 && (items[0]!.t === 'tuple' || items[0]!.t === 'list')) items = (items[0] as { items: Value[] }).items;
  const axes = items.map(asNumber);
  if (axes.some((a) => a === undefined)) return ctx.unknown('permute order is not known');
  if (axes.length !== input.length) {
    ctx.error('rank-mismatch', `permute: ${axes.length} dims given for a ${input.length}-D tensor ${formatShape(input)}`);
    return tensor(null);
  }
  const out: Dim[] = [];
  for (const a of axes) {
    const axis = normalizeAxis(a!, input.length);
    if (axis === undefined) return dimError(ctx, 'permute', a!, input);
    out.push(input[axis]!);
  }
  return tensor(out);
}

export function dimError(ctx: ShapeContext, what: string, dim: number, shape: Shape): Value {
  ctx.error('dim-out-of-range', `${what}: dim ${dim} is out of range for a ${shape.length}-D tensor ${formatShape(shape)}`);
  return tensor(null);
}

export function transposeShape(input: Shape, d0: number, d1: number, ctx: ShapeContext): Value {
  const a = normalizeAxis(d0, input.length);
  const b = normalizeAxis(d1, input.length);
  if (a === undefined) return dimError(ctx, 'transpose', d0, input);
  if (b === undefined) return dimError(ctx, 'transpose', d1, input);
  const out = [...input];
  [out[a], out[b]] = [out[b]!, out[a]!];
  return tensor(out);
}

/** cat (stack = false) or stack along `dim`. */
export function catShape(shapes: Shape[], dim: number, stack: boolean, ctx: ShapeContext): Value {
  if (shapes.length === 0) return ctx.unknown('cat of an empty list');
  const first = shapes[0]!;
  const rank = stack ? first.length + 1 : first.length;
  const axis = normalizeAxis(dim, rank);
  if (axis === undefined) return dimError(ctx, stack ? 'stack' : 'cat', dim, first);
  for (const s of shapes.slice(1)) {
    if (s.length !== first.length) {
      ctx.error('cat-size-mismatch', `${stack ? 'stack' : 'cat'}: tensors have different ranks: ${formatShape(first)} and ${formatShape(s)}`);
      return tensor(null);
    }
    for (let i = 0; i < s.length; i++) {
      if (!stack && i === axis) continue;
      if (dimsDiffer(first[i], s[i])) {
        ctx.error('cat-size-mismatch', `${stack ? 'stack' : 'cat'} along dim ${dim}: sizes must match except in that dim, but ${formatShape(first)} and ${formatShape(s)} differ in dim ${i} (${first[i]} vs ${s[i]})`);
        return tensor(null);
      }
    }
  }
  if (stack) return tensor([...first.slice(0, axis), shapes.length, ...first.slice(axis)]);
  const out = [...first];
  out[axis] = shapes.reduce<Dim>((acc, s) => (isNum(acc) && isNum(s[axis]) ? acc + (s[axis] as number) : `${acc} + ${s[axis]}`), 0);
  if (shapes.length > 1) ctx.explain(`dim ${axis}: ${shapes.map((s) => s[axis]).join(' + ')} = ${out[axis]}`);
  return tensor(out);
}

/** Reductions over `dims` (all when undefined), keeping them as size 1 with keepdim. */
export function reduceShape(input: Shape, dims: number[] | undefined, keepdim: boolean, ctx: ShapeContext, what: string): Shape | undefined {
  if (dims === undefined) return keepdim ? input.map(() => 1) : [];
  const axes: number[] = [];
  for (const d of dims) {
    const a = normalizeAxis(d, input.length);
    if (a === undefined) { dimError(ctx, what, d, input); return undefined; }
    axes.push(a);
  }
  if (keepdim) return input.map((d, i) => (axes.includes(i) ? 1 : d));
  return input.filter((_, i) => !axes.includes(i));
}

/** split/chunk sizes along an axis. */
export function splitSizes(total: Dim, spec: { chunks?: number; size?: number; sizes?: number[] }): Dim[] | undefined {
  if (spec.sizes) return spec.sizes;
  if (!isNum(total)) return undefined;
  if (spec.chunks !== undefined) {
    const each = Math.ceil(total / spec.chunks);
    if (each === 0) return undefined;
    const out: number[] = [];
    for (let left = total; left > 0; left -= each) out.push(Math.min(each, left));
    return out;
  }
  if (spec.size !== undefined && spec.size > 0) {
    const out: number[] = [];
    for (let left = total; left > 0; left -= spec.size) out.push(Math.min(spec.size, left));
    return out;
  }
  return undefined;
}

/** Length of a slice over a dim of `size` (Python semantics, clamped). */
export function sliceLength(size: Dim, lower: Value, upper: Value, step: Value): Dim {
  const st = step.t === 'none' ? 1 : asNumber(step);
  const lo = lower.t === 'none' ? undefined : asDim(lower);
  const hi = upper.t === 'none' ? undefined : asDim(upper);
  if (st === undefined || st <= 0) return '?';
  // A bound that is given but unknown (`pos[:, :n]` with n not followed) is not no bound.
  if ((lower.t !== 'none' && lo === undefined) || (upper.t !== 'none' && hi === undefined)) return '?';
  if (!isNum(size)) {
    if (lo === undefined && hi === undefined && st === 1) return size;
    if (isNum(lo) && hi === undefined && lo >= 0 && st === 1) return dimSub(size, lo);
    if (lo === undefined && isNum(hi) && hi >= 0) return hi;
    if (lo === undefined && isNum(hi) && hi < 0 && st === 1) return dimSub(size, -hi);
    if (isNum(lo) && isNum(hi) && lo >= 0 && hi >= lo) return Math.ceil((hi - lo) / st);
    return '?';
  }
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const start = lo === undefined ? 0 : isNum(lo) ? clamp(lo) : undefined;
  const stop = hi === undefined ? size : isNum(hi) ? clamp(hi) : undefined;
  if (start === undefined || stop === undefined) return '?';
  return Math.max(0, Math.ceil((stop - start) / st));
}
