/**
 * The output-size formulas of PyTorch's convolution and pooling docs, shared by the layer
 * catalogue and the functional ops (`F.conv2d`, `F.max_pool2d`), each with the arithmetic
 * written out for the hover.
 *
 * Conv (torch.nn.Conv2d docs):      ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1
 * ConvTranspose (ConvTranspose2d):  (L − 1)s − 2p + d(k − 1) + output_padding + 1
 * Pool with ceil_mode (MaxPool2d):  ⌈…⌉ + 1, minus one if the last window starts in the right padding
 */
import { dimAdd, dimCeilDiv, dimFloorDiv, dimMul, dimSub, isNum, type Dim, type Shape } from '../engine/dims';
import type { ShapeContext } from './spec';

export function axisLabels(spatial: number): string[] {
  if (spatial === 1) return ['L'];
  if (spatial === 2) return ['H', 'W'];
  if (spatial === 3) return ['D', 'H', 'W'];
  return Array.from({ length: spatial }, (_, i) => `d${i}`);
}

export interface WindowGeometry {
  kernel: Dim[];
  stride: Dim[];
  padding: Dim[];
  dilation: Dim[];
  ceilMode?: boolean;
}

/** One spatial dim through a conv or pool window. */
export function windowOut(L: Dim, k: Dim, s: Dim, p: Dim, d: Dim, ceilMode: boolean): { out: Dim; text: string } {
  const effective = isNum(d) && d === 1 ? k : dimAdd(dimMul(d, dimSub(k, 1)), 1);
  const numerator = dimSub(dimAdd(L, dimMul(2, p)), effective);
  const dText = isNum(d) && d === 1 ? `${k}` : `${d}·(${k} − 1) − 1`;
  const text = `${ceilMode ? '⌈' : '⌊'}(${L} + 2·${p} − ${dText})/${s}${ceilMode ? '⌉' : '⌋'} + 1`;
  if (!ceilMode) return { out: dimAdd(dimFloorDiv(numerator, s), 1), text };
  let out = dimAdd(dimCeilDiv(numerator, s), 1);
  // PyTorch: the last pooling window must start inside the input or the left padding.
  if (isNum(out) && isNum(s) && isNum(L) && isNum(p) && (out - 1) * s >= L + p) out -= 1;
  return { out, text };
}

/** Applies a window op to the trailing `spatial` dims of `input`, explaining each one. */
export function windowShape(input: Shape, geometry: WindowGeometry, ctx: ShapeContext, what: string): Dim[] | undefined {
  const spatial = geometry.kernel.length;
  const dims = input.slice(input.length - spatial);
  const labels = axisLabels(spatial);
  const out: Dim[] = [];
  for (let i = 0; i < spatial; i++) {
    const { out: o, text } = windowOut(dims[i]!, geometry.kernel[i]!, geometry.stride[i]!, geometry.padding[i]!, geometry.dilation[i]!, !!geometry.ceilMode);
    ctx.explain(`${labels[i]}: ${text} = ${o}`);
    if (isNum(o) && o <= 0) {
      ctx.error('non-positive-size', `${what} output ${labels[i]} would be ${o}: input ${labels[i]} = ${dims[i]} is too small for kernel ${geometry.kernel[i]}${isNum(geometry.dilation[i]) && geometry.dilation[i] !== 1 ? ` with dilation ${geometry.dilation[i]}` : ''}, padding ${geometry.padding[i]}, stride ${geometry.stride[i]}`);
      return undefined;
    }
    out.push(o);
  }
  return out;
}

export function transposedOut(L: Dim, k: Dim, s: Dim, p: Dim, d: Dim, outputPadding: Dim): { out: Dim; text: string } {
  const out = dimAdd(dimAdd(dimSub(dimMul(dimSub(L, 1), s), dimMul(2, p)), dimMul(d, dimSub(k, 1))), dimAdd(outputPadding, 1));
  const text = `(${L} − 1)·${s} − 2·${p} + ${d}·(${k} − 1) + ${outputPadding} + 1`;
  return { out, text };
}

/** Padding for `padding='same'`: PyTorch pads so that output = input at stride 1. */
export function samePadding(kernel: Dim[], dilation: Dim[]): Dim[] | undefined {
  const pads: Dim[] = [];
  for (let i = 0; i < kernel.length; i++) {
    const k = kernel[i]!;
    const d = dilation[i]!;
    if (!isNum(k) || !isNum(d)) return undefined;
    pads.push((d * (k - 1)) / 2);
  }
  return pads;
}
