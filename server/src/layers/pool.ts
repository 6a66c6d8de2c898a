/**
 * Pooling: MaxPool/AvgPool/LPPool 1–3d (kernel, stride defaulting to kernel, padding,
 * dilation for max, ceil_mode) and AdaptiveAvg/MaxPool 1–3d (output size, None keeps a dim).
 * Formulas: PyTorch docs of torch.nn.MaxPool2d / AvgPool2d / AdaptiveAvgPool2d.
 */
import { dimAdd, dimMul, dimSub, type Dim, type Shape } from '../engine/dims';
import { FALSE, tensor, type Value } from '../engine/values';
import { checkRank, inputShape, unknownOutput } from './checks';
import { axisLabels, windowShape } from './formulas';
import type { LayerCall, LayerConfig, LayerSpec, ShapeContext } from './spec';

/** Output of a pooling window op (shared with F.max_pool2d and friends). */
export function poolShape(
  shape: Shape, n: number, cfg: LayerConfig, ctx: ShapeContext, name: string, withDilation: boolean,
): Value {
  if (!checkRank(shape, [n + 1, n + 2], name, ctx)) return unknownOutput();
  const kernel = cfg.tuple('kernel_size', n);
  const strideValue = cfg.value('stride');
  const stride = strideValue && strideValue.t !== 'none' && !(strideValue.t === 'list' && strideValue.items.length === 0) ? cfg.tuple('stride', n) : kernel;
  const padding = cfg.tuple('padding', n) ?? Array(n).fill(0);
  const dilation = withDilation ? cfg.tuple('dilation', n) ?? Array(n).fill(1) : Array(n).fill(1);
  if (!kernel || !stride) return ctx.unknown(`${name} window is not known`);
  const spatialIn = shape.slice(shape.length - n);
  if (spatialIn.every((d) => d === 1) && kernel.some((k) => k !== 1)) {
    ctx.warning('spatial-collapse', `${name} receives a ${spatialIn.join('×')} map: the spatial dims already collapsed to 1 before this pooling`);
  }
  const spatial = windowShape(shape, { kernel, stride, padding, dilation, ceilMode: cfg.bool('ceil_mode', false) }, ctx, name);
  if (!spatial) return unknownOutput();
  return tensor([...shape.slice(0, shape.length - n), ...spatial]);
}

export function adaptiveShape(shape: Shape, n: number, outputSize: Value | undefined, ctx: ShapeContext, name: string): Value {
  if (!checkRank(shape, [n + 1, n + 2], name, ctx)) return unknownOutput();
  const spatialIn = shape.slice(shape.length - n);
  let sizes: (Dim | null)[];
  if (!outputSize) return ctx.unknown(`${name} output size is not known`);
  if (outputSize.t === 'tuple' || outputSize.t === 'list') {
    sizes = outputSize.items.map((v) => (v.t === 'none' ? null : v.t === 'int' ? v.v : v.t === 'symint' ? v.d : undefined)) as (Dim | null)[];
    if (sizes.length === 1) sizes = Array(n).fill(sizes[0]);
  } else if (outputSize.t === 'int') sizes = Array(n).fill(outputSize.v);
  else if (outputSize.t === 'none') sizes = Array(n).fill(null);
  else return ctx.unknown(`${name} output size is not known`);
  if (sizes.length !== n || sizes.some((s) => s === undefined)) return ctx.unknown(`${name} output size is not known`);
  const labels = axisLabels(n);
  const out = sizes.map((s, i) => (s === null ? spatialIn[i]! : s));
  out.forEach((o, i) => ctx.explain(`${labels[i]}: ${spatialIn[i]} → ${o} (adaptive)`));
  return tensor([...shape.slice(0, shape.length - n), ...out]);
}

const POOL_DEFAULTS = { padding: { t: 'int', v: 0 }, dilation: { t: 'int', v: 1 }, ceil_mode: FALSE } as const;

function poolSpec(name: string, n: number, signature: string[], withDilation: boolean): LayerSpec {
  return {
    name,
    signature,
    defaults: POOL_DEFAULTS,
    forward: (call: LayerCall) => {
      const shape = inputShape(call);
      if (!shape) return unknownOutput();
      if (name.startsWith('LP')) {
        // LPPool: norm_type first, no padding.
        return poolShape(shape, n, call.cfg, call.ctx, name, false);
      }
      const out = poolShape(shape, n, call.cfg, call.ctx, name, withDilation);
      if (call.cfg.bool('return_indices', false) && out.t === 'tensor') return { t: 'tuple', items: [out, { ...out, dtype: 'long' }] };
      return out;
    },
  };
}

/** MaxUnpool: (L − 1)·stride − 2·padding + kernel, or the `output_size` given to forward. */
function unpoolSpec(name: string, n: number): LayerSpec {
  return {
    name,
    signature: ['kernel_size', 'stride', 'padding'],
    forwardArgs: ['input', 'indices', 'output_size'],
    forward: (call) => {
      const shape = inputShape(call);
      if (!shape) return unknownOutput();
      const size = call.inputs[2] ?? call.kwargs.get('output_size');
      if (size && size.t !== 'none') {
        const dims = size.t === 'tuple' || size.t === 'list' ? size.items.map((v) => (v.t === 'int' ? v.v : v.t === 'symint' ? v.d : undefined)) : [];
        if (dims.length >= n && dims.every((d) => d !== undefined)) return tensor([...shape.slice(0, shape.length - n), ...(dims.slice(dims.length - n) as Dim[])]);
      }
      const kernel = call.cfg.tuple('kernel_size', n);
      const stride = call.cfg.value('stride') && call.cfg.value('stride')!.t !== 'none' ? call.cfg.tuple('stride', n) : kernel;
      const padding = call.cfg.tuple('padding', n) ?? Array(n).fill(0);
      if (!kernel || !stride) return call.ctx.unknown(`${name} window is not known`);
      const spatial = shape.slice(shape.length - n).map((L, i) => dimAdd(dimSub(dimMul(dimSub(L, 1), stride[i]!), dimMul(2, padding[i]!)), kernel[i]!));
      return tensor([...shape.slice(0, shape.length - n), ...spatial]);
    },
  };
}

function adaptiveSpec(name: string, n: number): LayerSpec {
  return {
    name,
    signature: ['output_size', 'return_indices'],
    forward: (call) => {
      const shape = inputShape(call);
      if (!shape) return unknownOutput();
      const out = adaptiveShape(shape, n, call.cfg.value('output_size'), call.ctx, name);
      if (name.includes('Max') && call.cfg.bool('return_indices', false) && out.t === 'tensor') return { t: 'tuple', items: [out, { ...out, dtype: 'long' }] };
      return out;
    },
  };
}

export const poolLayers: LayerSpec[] = [1, 2, 3].flatMap((n) => [
  poolSpec(`MaxPool${n}d`, n, ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], true),
  poolSpec(`AvgPool${n}d`, n, ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], false),
  ...(n < 3 ? [poolSpec(`LPPool${n}d`, n, ['norm_type', 'kernel_size', 'stride', 'ceil_mode'], false)] : []),
  unpoolSpec(`MaxUnpool${n}d`, n),
  adaptiveSpec(`AdaptiveAvgPool${n}d`, n),
  adaptiveSpec(`AdaptiveMaxPool${n}d`, n),
]);
