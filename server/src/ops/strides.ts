/**
 * Memory layout, for the one shape error it decides: `view` on a transposed or permuted
 * tensor ("view size is not compatible with input tensor's size and stride"). Only
 * permuting ops mark a tensor non-contiguous (they are exact); every other op is taken as
 * producing a contiguous result, so a layout error is only ever reported when certain.
 */
import { isNum, type Dim, type Shape } from '../engine/dims';
import type { Value } from '../engine/values';

type Tensor = Extract<Value, { t: 'tensor' }>;

function contiguousStrides(shape: number[]): number[] {
  const out = Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  return out;
}

function numeric(shape: Shape | null): number[] | undefined {
  return shape && shape.every(isNum) ? (shape as number[]) : undefined;
}

/** The result of permuting `x`'s dims by `order` carries the permuted strides. */
export function withPermutedStrides(x: Value | undefined, order: number[], result: Value): Value {
  if (x?.t !== 'tensor' || result.t !== 'tensor') return result;
  const shape = numeric(x.shape);
  const outShape = numeric(result.shape);
  if (!shape || !outShape || order.length !== shape.length) return result;
  const strides = x.strides ?? contiguousStrides(shape);
  const permuted = order.map((i) => strides[i]!);
  const contiguous = contiguousStrides(outShape);
  const isContiguous = outShape.every((d, i) => d === 1 || permuted[i] === contiguous[i]);
  return isContiguous ? result : { ...result, strides: permuted };
}

/**
 * Whether `view(newShape)` works on `x` without a copy: ATen's computeStride, which groups
 * the old dims into contiguous chunks that the new shape must not straddle.
 */
export function viewCompatible(x: Tensor, newShape: Dim[]): boolean {
  const shape = numeric(x.shape);
  const target = numeric(newShape);
  if (!x.strides || !shape || !target) return true;
  const strides = x.strides;
  if (shape.some((d) => d === 0)) return true;
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        viewNumel *= target[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return false;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1;
}
