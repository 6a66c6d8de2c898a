/**
 * The functional twins of layers (`F.conv2d`, `F.max_pool2d`, `F.interpolate`, `F.pad`, …),
 * reusing the layer formulas.
 */
import { dimAdd, dimFloorDiv, dimMul, dimSub, formatShape, isNum, normalizeAxis } from '../engine/dims';
import { tensor, type Value } from '../engine/values';
import { LayerConfig } from '../layers/spec';
import { adaptiveShape, poolShape } from '../layers/pool';
import { interpolateShape, padShape, pixelShuffleShape, unfoldShape } from '../layers/resample';
import { windowShape, transposedOut } from '../layers/formulas';
import { broadcast, dimError } from './shapes';
import { arg, def, intArg, keep, ops, shapeOf, sizeArgs } from './registry';

// ---- functional twins of layers -------------------------------------------------------
function windowConfig(args: Value[], kwargs: Map<string, Value>, signature: string[]): LayerConfig {
  return new LayerConfig(args.slice(1), kwargs, signature);
}
for (const n of [1, 2, 3]) {
  def([`max_pool${n}d`, `max_pool${n}d_with_indices`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    if (!s) return tensor(null);
    const cfg = windowConfig(args, kwargs, ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices']);
    const out = poolShape(s, n, cfg, ctx, `max_pool${n}d`, true);
    return cfg.bool('return_indices', false) && out.t === 'tensor' ? { t: 'tuple', items: [out, { ...out, dtype: 'long' }] } : out;
  });
  def([`avg_pool${n}d`, `lp_pool${n}d`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    if (!s) return tensor(null);
    return poolShape(s, n, windowConfig(args, kwargs, ['kernel_size', 'stride', 'padding', 'ceil_mode']), ctx, `avg_pool${n}d`, false);
  });
  def([`adaptive_avg_pool${n}d`, `adaptive_max_pool${n}d`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    return s ? adaptiveShape(s, n, arg(args, kwargs, 1, 'output_size'), ctx, `adaptive_pool${n}d`) : tensor(null);
  });
  def([`conv${n}d`], (args, kwargs, ctx) => {
    const s = shapeOf(args[0]);
    const w = shapeOf(arg(args, kwargs, 1, 'weight'));
    if (!s || !w) return tensor(null);
    const cfg = windowConfig(args.slice(1), kwargs, ['bias', 'stride', 'padding', 'dilation', 'groups']);
    const groups = cfg.int('groups') ?? 1;
    const cin = s[s.length - n - 1]!;
    if (isNum(cin) && isNum(w[1]) && cin !== w[1] * groups) {
      ctx.error('in-channels-mismatch', `conv${n}d expects ${w[1] * groups} input channels (weight ${formatShape(w)}), but receives ${cin}`);
      return tensor(null);
    }
    const kernel = w.slice(2);
    const padding = cfg.str('padding') === 'same' ? kernel.map((k) => (isNum(k) ? Math.floor((k - 1) / 2) : 0)) : cfg.tuple('padding', n) ?? Array(n).fill(0);
    const spatial = windowShape(s, { kernel, stride: cfg.tuple('stride', n) ?? Array(n).fill(1), padding, dilation: cfg.tuple('dilation', n) ?? Array(n).fill(1) }, ctx, `conv${n}d`);
    return spatial ? tensor([...s.slice(0, s.length - n - 1), w[0]!, ...spatial]) : tensor(null);
  });
  def([`conv_transpose${n}d`], (args, kwargs) => {
    const s = shapeOf(args[0]);
    const w = shapeOf(arg(args, kwargs, 1, 'weight'));
    if (!s || !w) return tensor(null);
    const cfg = windowConfig(args.slice(1), kwargs, ['bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation']);
    const stride = cfg.tuple('stride', n) ?? Array(n).fill(1);
    const padding = cfg.tuple('padding', n) ?? Array(n).fill(0);
    const outPad = cfg.tuple('output_padding', n) ?? Array(n).fill(0);
    const dilation = cfg.tuple('dilation', n) ?? Array(n).fill(1);
    const spatial = s.slice(s.length - n).map((L, i) => transposedOut(L, w[2 + i]!, stride[i]!, padding[i]!, dilation[i]!, outPad[i]!).out);
    return tensor([...s.slice(0, s.length - n - 1), dimMul(w[1]!, cfg.int('groups') ?? 1), ...spatial]);
  });
}
def(['interpolate', 'upsample', 'upsample_nearest', 'upsample_bilinear'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  return s ? interpolateShape(s, arg(args, kwargs, 1, 'size'), arg(args, kwargs, 2, 'scale_factor'), ctx) : tensor(null);
});
def(['pad'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const pads = sizeArgs([arg(args, kwargs, 1, 'pad') ?? { t: 'none' }]);
  return s && pads ? padShape(s, pads, ctx) : tensor(null);
});
def(['pixel_shuffle', 'pixel_unshuffle'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const r = intArg(args, kwargs, 1, 'upscale_factor') ?? intArg(args, kwargs, 1, 'downscale_factor');
  return s && r ? pixelShuffleShape(s, r, false, ctx) : tensor(null);
});
ops.set('pixel_unshuffle', (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  const r = intArg(args, kwargs, 1, 'downscale_factor');
  return s && r ? pixelShuffleShape(s, r, true, ctx) : tensor(null);
});
def(['channel_shuffle', 'native_channel_shuffle'], keep());
def(['unfold'], (args, kwargs, ctx) => {
  const s = shapeOf(args[0]);
  if (!s) return tensor(null);
  // torch.Tensor.unfold(dimension, size, step) slides along one dim; F.unfold extracts patches.
  const sliding = ['dimension', 'size', 'step'].some((k) => kwargs.has(k)) || (args.length === 4 && !kwargs.size && args.slice(1).every((a) => a.t === 'int'));
  if (sliding) {
    const d = intArg(args, kwargs, 1, 'dimension');
    const size = intArg(args, kwargs, 2, 'size');
    const step = intArg(args, kwargs, 3, 'step');
    if (d === undefined || size === undefined || step === undefined || step <= 0) return tensor(null);
    const axis = normalizeAxis(d, s.length);
    if (axis === undefined) return dimError(ctx, 'unfold', d, s);
    const out = [...s];
    out[axis] = dimAdd(dimFloorDiv(dimSub(s[axis]!, size), step), 1);
    return tensor([...out, size]);
  }
  return unfoldShape(s, windowConfig(args, kwargs, ['kernel_size', 'dilation', 'padding', 'stride']), ctx);
});
def(['embedding'], (args, kwargs) => {
  const idx = shapeOf(args[0]);
  const w = shapeOf(arg(args, kwargs, 1, 'weight'));
  return idx && w ? tensor([...idx, w[1]!]) : tensor(null);
});
def(['one_hot'], (args, kwargs) => {
  const s = shapeOf(args[0]);
  const n = intArg(args, kwargs, 1, 'num_classes');
  return s && n !== undefined && n > 0 ? tensor([...s, n], 'long') : tensor(null, 'long');
});
def(['cross_entropy', 'mse_loss', 'nll_loss', 'l1_loss', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'smooth_l1_loss', 'kl_div'], () => tensor([]));
def(['cosine_similarity', 'pairwise_distance'], (args, kwargs, ctx) => {
  const a = shapeOf(args[0]);
  const b = shapeOf(args[1]);
  if (!a || !b) return tensor(null);
  const out = broadcast(a, b, ctx, 'cosine_similarity');
  const d = intArg(args, kwargs, 2, 'dim') ?? 1;
  if (!out) return tensor(null);
  const axis = normalizeAxis(d, out.length);
  return tensor(axis === undefined ? null : out.filter((_, i) => i !== axis));
});

