/**
 * Pattern ops: `torch.einsum('bhid,bhjd->bhij', q, k)` and einops' `rearrange`, `reduce`,
 * `repeat` (functions and the `Rearrange`/`Reduce` layers). Axis sizes are bound from the
 * input and the keyword sizes (`p1=16`), then the output is read off the right-hand side.
 * Semantics: the einops docs and torch.einsum docs.
 */
import { dimFloorDiv, dimProduct, dimsDiffer, formatShape, isNum, type Dim, type Shape } from '../engine/dims';
import { asDim, tensor, type Value } from '../engine/values';
import type { ShapeContext } from '../layers/spec';
import { broadcast } from './shapes';

type Axis = { names: string[] } | { ellipsis: true };

function parseSide(side: string): Axis[] | undefined {
  const axes: Axis[] = [];
  const tokens = side.match(/\(|\)|\.\.\.|…|[A-Za-z_]\w*|\d+/g) ?? [];
  let group: string[] | undefined;
  for (const t of tokens) {
    if (t === '(') group = [];
    else if (t === ')') { if (!group) return undefined; axes.push({ names: group }); group = undefined; }
    else if (t === '...' || t === '…') axes.push({ ellipsis: true });
    else if (group) group.push(t);
    else axes.push({ names: [t] });
  }
  return group ? undefined : axes;
}

/** einops: rearrange / reduce / repeat with `pattern` and keyword axis sizes. */
export function einopsShape(op: 'rearrange' | 'reduce' | 'repeat', input: Shape, pattern: string, sizes: Map<string, Value>, ctx: ShapeContext): Value {
  const [lhs, rhs] = pattern.split('->');
  const left = lhs ? parseSide(lhs) : undefined;
  const right = rhs ? parseSide(rhs) : undefined;
  if (!left || !right) return ctx.unknown(`einops pattern '${pattern}' is not understood`);
  const known = new Map<string, Dim>();
  sizes.forEach((v, k) => { const d = asDim(v); if (d !== undefined) known.set(k, d); });
  const ellipsisIndex = left.findIndex((a) => 'ellipsis' in a);
  const explicit = left.length - (ellipsisIndex >= 0 ? 1 : 0);
  if (ellipsisIndex < 0 ? input.length !== left.length : input.length < explicit) {
    ctx.error('rank-mismatch', `${op}: pattern '${lhs!.trim()}' expects ${explicit}${ellipsisIndex >= 0 ? ' or more' : ''} dims, but the input is ${formatShape(input)}`);
    return tensor(null);
  }
  const ellipsisDims = ellipsisIndex >= 0 ? input.slice(ellipsisIndex, ellipsisIndex + input.length - explicit) : [];
  let dim = 0;
  for (const axis of left) {
    if ('ellipsis' in axis) { dim += ellipsisDims.length; continue; }
    const size = input[dim++]!;
    const names = axis.names.filter((n) => !/^\d+$/.test(n));
    const unknownNames = names.filter((n) => !known.has(n));
    const knownProduct = dimProduct(names.filter((n) => known.has(n)).map((n) => known.get(n)!));
    if (unknownNames.length === 0) {
      if (dimsDiffer(knownProduct, size)) {
        ctx.error('view-size-mismatch', `${op}: axis (${axis.names.join(' ')}) = ${knownProduct} does not match the input dim ${size}`);
        return tensor(null);
      }
    } else if (unknownNames.length === 1) {
      if (isNum(size) && isNum(knownProduct) && size % knownProduct !== 0) {
        ctx.error('not-divisible', `${op}: input dim ${size} is not divisible by ${knownProduct} for axis (${axis.names.join(' ')})`);
        return tensor(null);
      }
      known.set(unknownNames[0]!, dimFloorDiv(size, knownProduct));
    } else return ctx.unknown(`${op}: cannot split ${size} into (${axis.names.join(' ')})`);
  }
  const out: Dim[] = [];
  for (const axis of right) {
    if ('ellipsis' in axis) { out.push(...ellipsisDims); continue; }
    const dims: Dim[] = [];
    for (const n of axis.names) {
      if (/^\d+$/.test(n)) dims.push(Number(n));
      else if (known.has(n)) dims.push(known.get(n)!);
      else return ctx.unknown(`${op}: the size of axis '${n}' is not known`);
    }
    out.push(dimProduct(dims));
  }
  return tensor(out);
}

/** Stands for `...` in an equation: no letter of an einsum equation is a digit. */
const ELLIPSIS = '0';

/** torch.einsum: letters bound to sizes from the operands; implicit output when no `->`. */
export function einsumShape(equation: string, operands: Shape[], ctx: ShapeContext): Value {
  // `...` becomes one placeholder letter; the dims it stands for broadcast across operands.
  const eq = equation.replace(/\s+/g, '').replace(/\.\.\./g, ELLIPSIS);
  const [lhs, rhs] = eq.split('->');
  const inputs = (lhs ?? '').split(',');
  if (inputs.length !== operands.length || eq.includes('.')) return ctx.unknown(`einsum '${equation}' is not supported`);
  const sizes = new Map<string, Dim>();
  const counts = new Map<string, number>();
  let batch: Shape | undefined;
  for (let i = 0; i < inputs.length; i++) {
    let letters = inputs[i]!;
    let shape = operands[i]!;
    const at = letters.indexOf(ELLIPSIS);
    if (at >= 0) {
      const covered = shape.length - (letters.length - 1);
      if (covered < 0) {
        ctx.error('rank-mismatch', `einsum: '${inputs[i]!.replace(ELLIPSIS, '...')}' needs at least ${letters.length - 1} dims, but operand ${i} is ${formatShape(shape)}`);
        return tensor(null);
      }
      const own = shape.slice(at, at + covered);
      batch = batch ? broadcast(batch, own, ctx, `einsum '${equation}'`) : own;
      if (!batch) return tensor(null);
      letters = letters.replace(ELLIPSIS, '');
      shape = [...shape.slice(0, at), ...shape.slice(at + covered)];
    }
    if (letters.length !== shape.length) {
      ctx.error('rank-mismatch', `einsum: '${letters}' has ${letters.length} letters, but operand ${i} is ${formatShape(shape)}`);
      return tensor(null);
    }
    for (let k = 0; k < letters.length; k++) {
      const c = letters[k]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      const d = shape[k]!;
      const prev = sizes.get(c);
      if (prev !== undefined && dimsDiffer(prev, d) && prev !== 1 && d !== 1) {
        ctx.error('matmul-mismatch', `einsum '${equation}': '${c}' is ${prev} in one operand and ${d} in another`);
        return tensor(null);
      }
      if (prev === undefined || prev === 1) sizes.set(c, d);
    }
  }
  const output = rhs ?? (batch ? ELLIPSIS : '') + [...counts.keys()].filter((c) => counts.get(c) === 1).sort().join('');
  const out: Dim[] = [];
  for (const c of output) {
    if (c === ELLIPSIS) { out.push(...(batch ?? [])); continue; }
    const d = sizes.get(c);
    if (d === undefined) return ctx.unknown(`einsum: output letter '${c}' is not in any input`);
    out.push(d);
  }
  return tensor(out);
}
