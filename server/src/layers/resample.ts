/**
 * Layers that move pixels around: Upsample (size or scale_factor, ⌊in × scale⌋),
 * PixelShuffle/Unshuffle, the padding layers (pads listed last dim first), ChannelShuffle,
 * Fold and Unfold. Formulas: PyTorch docs of each layer.
 */
import { dimAdd, dimFloorDiv, dimMul, dimProduct, formatShape, isNum, type Dim, type Shape } from '../engine/dims';
import { asDim, asNumber, tensor, type Value } from '../engine/values';
import { checkRank, inputShape, unknownOutput } from './checks';
import { axisLabels, windowShape } from './formulas';
import type { LayerConfig, LayerSpec, ShapeContext } from './spec';

/** Output of an interpolation: explicit `size`, or ⌊in × scale_factor⌋ per spatial dim. */
export function interpolateShape(shape: Shape, size: Value | undefined, scale: Value | undefined, ctx: ShapeContext): Value {
  const n = shape.length - 2;
  if (n < 1) { ctx.error('rank-mismatch', `interpolation expects 3-D to 5-D input, but receives ${formatShape(shape)}`); return unknownOutput(); }
  const head = shape.slice(0, 2);
  const spatial = shape.slice(2);
  if (size && size.t !== 'none') {
    const sizes = size.t === 'tuple' || size.t === 'list' ? size.items.map(asDim) : Array(n).fill(asDim(size));
    if (sizes.length !== n || sizes.some((s) => s === undefined)) return ctx.unknown('interpolation size is not known');
    return tensor([...head, ...(sizes as Dim[])]);
  }
  if (scale && scale.t !== 'none') {
    const factors = scale.t === 'tuple' || scale.t === 'list' ? scale.items.map(asNumber) : Array(n).fill(asNumber(scale));
    if (factors.length !== n || factors.some((f) => f === undefined)) return ctx.unknown('interpolation scale is not known');
    const labels = axisLabels(n);
    const out = spatial.map((d, i) => {
      const f = factors[i]!;
      const o = isNum(d) ? Math.floor(d * f) : Number.isInteger(f) ? dimMul(d, f) : `⌊${d}·${f}⌋`;
      ctx.explain(`${labels[i]}: ⌊${d} × ${f}⌋ = ${o}`);
      return o;
    });
    return tensor([...head, ...out]);
  }
  return ctx.unknown('interpolation needs size or scale_factor');
}

const upsample: LayerSpec = {
  name: 'Upsample',
  signature: ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'],
  forward: (call) => {
    const shape = inputShape(call);
    return shape ? interpolateShape(shape, call.cfg.value('size'), call.cfg.value('scale_factor'), call.ctx) : unknownOutput();
  },
};

const fixedUpsample = (name: string): LayerSpec => ({ ...upsample, name, signature: ['size', 'scale_factor'] });

export function pixelShuffleShape(shape: Shape, r: number, inverse: boolean, ctx: ShapeContext): Value {
  if (shape.length < 3) { ctx.error('rank-mismatch', `pixel ${inverse ? 'unshuffle' : 'shuffle'} expects at least 3-D input, but receives ${formatShape(shape)}`); return unknownOutput(); }
  const [c, h, w] = shape.slice(-3) as [Dim, Dim, Dim];
  const lead = shape.slice(0, -3);
  if (!inverse) {
    if (isNum(c) && c % (r * r) !== 0) {
      ctx.error('not-divisible', `PixelShuffle(${r}) needs channels divisible by ${r * r}, but receives ${c}`);
      return unknownOutput();
    }
    return tensor([...lead, dimFloorDiv(c, r * r), dimMul(h, r), dimMul(w, r)]);
  }
  if ((isNum(h) && h % r !== 0) || (isNum(w) && w % r !== 0)) {
    ctx.error('not-divisible', `PixelUnshuffle(${r}) needs height and width divisible by ${r}, but receives ${h}×${w}`);
    return unknownOutput();
  }
  return tensor([...lead, dimMul(c, r * r), dimFloorDiv(h, r), dimFloorDiv(w, r)]);
}

const pixelShuffle = (name: string, inverse: boolean): LayerSpec => ({
  name,
  signature: [inverse ? 'downscale_factor' : 'upscale_factor'],
  forward: (call) => {
    const shape = inputShape(call);
    const r = call.cfg.int(inverse ? 'downscale_factor' : 'upscale_factor');
    return shape && r ? pixelShuffleShape(shape, r, inverse, call.ctx) : unknownOutput();
  },
});

/** Pads the trailing dims: pads are (left, right) pairs, last dim first, as in F.pad. */
export function padShape(shape: Shape, pads: Dim[], ctx: ShapeContext): Value {
  if (pads.length % 2 !== 0 || pads.length / 2 > shape.length) return ctx.unknown('padding does not fit the input');
  const out = [...shape];
  for (let i = 0; i < pads.length / 2; i++) {
    const axis = shape.length - 1 - i;
    out[axis] = dimAdd(dimAdd(out[axis]!, pads[2 * i]!), pads[2 * i + 1]!);
    if (isNum(out[axis]) && (out[axis] as number) <= 0) {
      ctx.error('non-positive-size', `padding makes dim ${axis} of ${formatShape(shape)} ${out[axis]}`);
      return unknownOutput();
    }
  }
  return tensor(out);
}

function padSpec(name: string, n: number): LayerSpec {
  return {
    name,
    signature: name.startsWith('Constant') ? ['padding', 'value'] : ['padding'],
    forward: (call) => {
      const shape = inputShape(call);
      const padding = call.cfg.value('padding');
      if (!shape || !padding) return unknownOutput();
      const single = asDim(padding);
      const pads = single !== undefined ? Array(2 * n).fill(single) : call.cfg.list('padding');
      return pads ? padShape(shape, pads, call.ctx) : unknownOutput();
    },
  };
}

const channelShuffle: LayerSpec = {
  name: 'ChannelShuffle',
  signature: ['groups'],
  forward: (call) => {
    const shape = inputShape(call);
    const g = call.cfg.int('groups');
    if (!shape) return unknownOutput();
    if (g && isNum(shape[1]) && (shape[1] as number) % g !== 0) call.ctx.error('not-divisible', `ChannelShuffle(${g}) needs channels divisible by ${g}, but receives ${shape[1]}`);
    return tensor(shape);
  },
};

function windowArgs(cfg: LayerConfig): { kernel: Dim[]; stride: Dim[]; padding: Dim[]; dilation: Dim[] } | undefined {
  const kernel = cfg.tuple('kernel_size', 2);
  const stride = cfg.tuple('stride', 2) ?? [1, 1];
  const padding = cfg.tuple('padding', 2) ?? [0, 0];
  const dilation = cfg.tuple('dilation', 2) ?? [1, 1];
  return kernel ? { kernel, stride, padding, dilation } : undefined;
}

export function unfoldShape(shape: Shape, cfg: LayerConfig, ctx: ShapeContext): Value {
  if (!checkRank(shape, [3, 4], 'Unfold', ctx)) return unknownOutput();
  const geo = windowArgs(cfg);
  if (!geo) return ctx.unknown('Unfold kernel is not known');
  const blocks = windowShape(shape, geo, ctx, 'Unfold');
  if (!blocks) return unknownOutput();
  const c = shape[shape.length - 3]!;
  return tensor([...shape.slice(0, shape.length - 3), dimMul(c, dimProduct(geo.kernel)), dimProduct(blocks)]);
}

const unfold: LayerSpec = {
  name: 'Unfold',
  signature: ['kernel_size', 'dilation', 'padding', 'stride'],
  forward: (call) => {
    const shape = inputShape(call);
    return shape ? unfoldShape(shape, call.cfg, call.ctx) : unknownOutput();
  },
};

const fold: LayerSpec = {
  name: 'Fold',
  signature: ['output_size', 'kernel_size', 'dilation', 'padding', 'stride'],
  forward: (call) => {
    const shape = inputShape(call);
    const { cfg, ctx } = call;
    if (!shape) return unknownOutput();
    if (!checkRank(shape, [2, 3], 'Fold', ctx)) return unknownOutput();
    const geo = windowArgs(cfg);
    const size = cfg.tuple('output_size', 2);
    if (!geo || !size) return ctx.unknown('Fold geometry is not known');
    const cols = shape[shape.length - 2]!;
    const k = dimProduct(geo.kernel);
    if (isNum(cols) && isNum(k) && cols % k !== 0) {
      ctx.error('not-divisible', `Fold expects dim ${shape.length - 2} (${cols}) divisible by the kernel size product ${k}`);
      return unknownOutput();
    }
    const blocks = windowShape(['N', 'C', ...size], geo, ctx, 'Fold');
    const L = blocks ? dimProduct(blocks) : undefined;
    if (L !== undefined && isNum(L) && isNum(shape[shape.length - 1]) && L !== shape[shape.length - 1]) {
      ctx.error('fold-blocks-mismatch', `Fold expects ${L} blocks for output ${size.join('×')}, but receives ${shape[shape.length - 1]}`);
    }
    return tensor([...shape.slice(0, shape.length - 2), dimFloorDiv(cols, k), ...size]);
  },
};

export const resampleLayers: LayerSpec[] = [
  upsample, fixedUpsample('UpsamplingNearest2d'), fixedUpsample('UpsamplingBilinear2d'),
  pixelShuffle('PixelShuffle', false), pixelShuffle('PixelUnshuffle', true),
  ...[1, 2, 3].flatMap((n) => ['Zero', 'Constant', 'Reflection', 'Replication', 'Circular'].filter((k) => !(k === 'Zero' && n !== 2) || true).map((k) => padSpec(`${k}Pad${n}d`, n))),
  channelShuffle, unfold, fold,
];
