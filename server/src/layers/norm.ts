/**
 * Normalization: BatchNorm1/2/3d (and Lazy), InstanceNorm1/2/3d, LayerNorm, GroupNorm,
 * LocalResponseNorm. Shapes pass through; the checks are PyTorch's: BatchNorm's
 * num_features = C (dim 1), LayerNorm's normalized_shape = the trailing dims, GroupNorm's
 * num_channels = C and divisible by num_groups. Params: affine weight + bias (γ, β).
 */
import { dimsDiffer, formatShape, isNum, type Dim } from '../engine/dims';
import { FALSE, TRUE, tensor } from '../engine/values';
import { checkFeature, checkRank, inputShape, unknownOutput } from './checks';
import type { LayerCall, LayerSpec, ParamTerm } from './spec';


function affineTerms(count: Dim | undefined, enabled: boolean): ParamTerm[] {
  if (!enabled || !isNum(count)) return [];
  return [{ label: 'weight', factors: [count], count }, { label: 'bias', factors: [count], count }];
}

function batchNormSpec(name: string, ranks: number[], instance: boolean): LayerSpec {
  const lazy = name.startsWith('Lazy');
  return {
    name,
    signature: lazy ? ['eps', 'momentum', 'affine', 'track_running_stats'] : ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats'],
    defaults: { affine: instance ? FALSE : TRUE },
    params: (cfg) => affineTerms(cfg.dim('num_features'), cfg.bool('affine', !instance)),
    forward: (call: LayerCall) => {
      const { cfg, ctx } = call;
      const shape = inputShape(call);
      if (!shape) return unknownOutput();
      if (!checkRank(shape, ranks, name, ctx)) return unknownOutput();
      // InstanceNorm also accepts unbatched input (C, L…): the channel dim is then first.
      const channelAxis = instance && shape.length === ranks[0] ? 0 : 1;
      if (lazy && !cfg.given('num_features')) cfg.set('num_features', { t: 'int', v: shape[1] as number });
      const checked = !instance || cfg.bool('affine', false) || cfg.bool('track_running_stats', false);
      if (checked) checkFeature(ctx, name, 'num_features', cfg.dim('num_features'), shape[channelAxis], 'channels');
      return tensor(shape);
    },
    expectedInput: (cfg) => {
      const c = cfg.dim('num_features');
      if (c === undefined) return undefined;
      const rank = ranks[ranks.length - 1]!;
      return rank === 3 ? ['N', c, 'L'] : rank === 4 ? ['N', c, 'H', 'W'] : rank === 5 ? ['N', c, 'D', 'H', 'W'] : ['N', c];
    },
  };
}

const layerNorm: LayerSpec = {
  name: 'LayerNorm',
  signature: ['normalized_shape', 'eps', 'elementwise_affine'],
  defaults: { elementwise_affine: TRUE },
  params: (cfg) => {
    const dims = cfg.list('normalized_shape');
    const n = dims?.reduce<number | undefined>((a, d) => (a !== undefined && isNum(d) ? a * d : undefined), 1);
    return affineTerms(n, cfg.bool('elementwise_affine', true));
  },
  forward: (call) => {
    const { cfg, ctx } = call;
    const shape = inputShape(call);
    const normalized = cfg.list('normalized_shape');
    if (!shape || !normalized) return shape ? tensor(shape) : unknownOutput();
    const trailing = shape.slice(shape.length - normalized.length);
    const differs = trailing.length < normalized.length || normalized.some((d, i) => dimsDiffer(d, trailing[i]));
    if (differs) {
      const fixValue = trailing[trailing.length - 1];
      ctx.error(
        'normalized-shape-mismatch',
        `LayerNorm expects trailing dims ${formatShape(normalized)} (normalized_shape), but receives ${formatShape(shape)}`,
        normalized.length === 1 && isNum(fixValue) ? { arg: 'normalized_shape', value: fixValue } : undefined,
      );
    }
    return tensor(shape);
  },
  expectedInput: (cfg) => {
    const normalized = cfg.list('normalized_shape');
    return normalized ? ['N', ...normalized] : undefined;
  },
};

const groupNorm: LayerSpec = {
  name: 'GroupNorm',
  signature: ['num_groups', 'num_channels', 'eps', 'affine'],
  defaults: { affine: TRUE },
  params: (cfg) => affineTerms(cfg.dim('num_channels'), cfg.bool('affine', true)),
  forward: (call) => {
    const { cfg, ctx } = call;
    const shape = inputShape(call);
    if (!shape) return unknownOutput();
    if (!checkRank(shape, [2, 3, 4, 5], 'GroupNorm', ctx)) return unknownOutput();
    checkFeature(ctx, 'GroupNorm', 'num_channels', cfg.dim('num_channels'), shape[1], 'channels');
    return tensor(shape);
  },
};

const localResponseNorm: LayerSpec = {
  name: 'LocalResponseNorm',
  signature: ['size', 'alpha', 'beta', 'k'],
  forward: (call) => {
    const shape = inputShape(call);
    if (!shape) return unknownOutput();
    if (!checkRank(shape, [3, 4, 5], 'LocalResponseNorm', call.ctx)) return unknownOutput();
    return tensor(shape);
  },
};

export const normLayers: LayerSpec[] = [
  batchNormSpec('BatchNorm1d', [2, 3], false),
  batchNormSpec('BatchNorm2d', [4], false),
  batchNormSpec('BatchNorm3d', [5], false),
  batchNormSpec('SyncBatchNorm', [2, 3, 4, 5], false),
  batchNormSpec('LazyBatchNorm1d', [2, 3], false),
  batchNormSpec('LazyBatchNorm2d', [4], false),
  batchNormSpec('LazyBatchNorm3d', [5], false),
  batchNormSpec('InstanceNorm1d', [2, 3], true),
  batchNormSpec('InstanceNorm2d', [3, 4], true),
  batchNormSpec('InstanceNorm3d', [4, 5], true),
  layerNorm,
  groupNorm,
  localResponseNorm,
];
