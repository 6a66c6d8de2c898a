/**
 * Dense and lookup layers: Linear (and Lazy), Bilinear, Identity, Flatten, Unflatten,
 * Embedding, EmbeddingBag. Formulas: PyTorch docs — Linear maps (*, in) → (*, out) with
 * out×in weights + out biases; Flatten merges start_dim..end_dim.
 */
import { dimProduct, formatCount, formatProduct, formatShape, isNum, normalizeAxis, type Dim, type Shape } from '../engine/dims';
import { TRUE, tensor, type Value } from '../engine/values';
import { checkFeature, checkRank, inputShape, unknownOutput } from './checks';
import type { LayerCall, LayerConfig, LayerSpec, ParamTerm, ShapeContext } from './spec';


function linearParams(cfg: LayerConfig): ParamTerm[] {
  const fin = cfg.dim('in_features');
  const fout = cfg.dim('out_features');
  if (!isNum(fin) || !isNum(fout)) return [];
  const terms: ParamTerm[] = [{ label: 'weight', factors: [fin, fout], count: fin * fout }];
  if (cfg.bool('bias', true)) terms.push({ label: 'bias', factors: [fout], count: fout });
  return terms;
}

function linearForward(name: string) {
  return (call: LayerCall): Value => {
    const { cfg, ctx } = call;
    const x = call.inputs[0];
    const shape = inputShape(call);
    if (!shape || x?.t !== 'tensor') return unknownOutput();
    if (shape.length === 0) { ctx.error('rank-mismatch', `${name} expects at least 1-D input, but receives a scalar`); return unknownOutput(); }
    const last = shape[shape.length - 1]!;
    if (name === 'LazyLinear' && !cfg.given('in_features')) cfg.set('in_features', typeof last === 'number' ? { t: 'int', v: last } : { t: 'symint', d: last });
    const fin = cfg.dim('in_features');
    const fout = cfg.dim('out_features');
    if (fout === undefined) return ctx.unknown(`${name} out_features is not known`);
    const flattenedFactors = x.flattened && x.flattened.length > 1 ? x.flattened : undefined;
    const perSample = dimProduct(shape.slice(1));
    if (shape.length >= 3 && isNum(fin) && perSample === fin && last !== fin) {
      ctx.error('missing-flatten', `${name} expects ${fin} input features, but receives a ${shape.length}-D map ${formatShape(shape)}: flatten it first (${formatProduct(shape.slice(1))} = ${fin})`);
      return tensor([shape[0]!, fout]);
    }
    if (isNum(fin) && isNum(last) && fin !== last) {
      const context = flattenedFactors ? `${formatProduct(flattenedFactors)} after flatten` : shape.length > 2 ? `the last dim of ${formatShape(shape)}` : undefined;
      checkFeature(ctx, name, 'in_features', fin, last, 'input features', context, flattenedFactors);
    } else if (shape.length === 4 && shape[2] === shape[3] && shape[1] !== shape[3] && isNum(shape[2]) && shape[2] > 1) {
      ctx.warning('linear-on-feature-map', `${name} is applied to a 4-D map ${formatShape(shape)} and acts on its last dim only: flatten it first?`);
    }
    if (flattenedFactors) ctx.explain(`in: ${formatProduct(flattenedFactors)} = ${last}`);
    const out: Shape = [...shape.slice(0, -1), fout];
    const rows = dimProduct(shape.slice(1, -1));
    if (isNum(fin) && isNum(fout) && isNum(rows)) ctx.macs(rows * fin * fout);
    return tensor(out);
  };
}

function linearSpec(name: string): LayerSpec {
  return {
    name,
    signature: name === 'LazyLinear' ? ['out_features', 'bias'] : ['in_features', 'out_features', 'bias'],
    defaults: { bias: TRUE },
    params: linearParams,
    forward: linearForward(name),
    expectedInput: (cfg) => {
      const fin = cfg.dim('in_features');
      return fin === undefined ? undefined : ['N', fin];
    },
    attribute: (cfg, attr) => {
      const fin = cfg.dim('in_features');
      const fout = cfg.dim('out_features');
      if (attr === 'weight' && fin !== undefined && fout !== undefined) return { t: 'tensor', shape: [fout, fin], isParameter: true };
      if (attr === 'bias') return fout !== undefined && cfg.bool('bias', true) ? { t: 'tensor', shape: [fout], isParameter: true } : { t: 'none' };
      return undefined;
    },
  };
}

const bilinear: LayerSpec = {
  name: 'Bilinear',
  signature: ['in1_features', 'in2_features', 'out_features', 'bias'],
  forwardArgs: ['input1', 'input2'],
  defaults: { bias: TRUE },
  params: (cfg) => {
    const a = cfg.int('in1_features');
    const b = cfg.int('in2_features');
    const o = cfg.int('out_features');
    if (a === undefined || b === undefined || o === undefined) return [];
    const terms: ParamTerm[] = [{ label: 'weight', factors: [o, a, b], count: o * a * b }];
    if (cfg.bool('bias', true)) terms.push({ label: 'bias', factors: [o], count: o });
    return terms;
  },
  forward: (call) => {
    const { cfg, ctx } = call;
    const a = inputShape(call, 0);
    const b = inputShape(call, 1);
    const out = cfg.dim('out_features');
    if (!a || !b || out === undefined) return unknownOutput();
    checkFeature(ctx, 'Bilinear', 'in1_features', cfg.dim('in1_features'), a[a.length - 1], 'features in its first input');
    checkFeature(ctx, 'Bilinear', 'in2_features', cfg.dim('in2_features'), b[b.length - 1], 'features in its second input');
    return tensor([...a.slice(0, -1), out]);
  },
};

const identity: LayerSpec = {
  name: 'Identity',
  signature: [],
  forward: (call) => call.inputs[0] ?? unknownOutput(),
};

/** torch.flatten / nn.Flatten: merge dims start..end, remembering the factors for messages. */
export function flattenShape(shape: Shape, start: number, end: number, ctx: ShapeContext, what: string): Value {
  const rank = shape.length;
  if (rank === 0) return tensor([1]);
  const s = normalizeAxis(start, rank);
  const e = normalizeAxis(end, rank);
  if (s === undefined || e === undefined) {
    ctx.error('dim-out-of-range', `${what}: dim ${s === undefined ? start : end} is out of range for a ${rank}-D tensor ${formatShape(shape)}`);
    return unknownOutput();
  }
  if (s > e) return tensor(shape);
  const factors = shape.slice(s, e + 1);
  const merged = dimProduct(factors);
  if (factors.length > 1) ctx.explain(`${formatProduct(factors)} = ${isNum(merged) ? formatCount(merged) : merged}`);
  const out: Value = { t: 'tensor', shape: [...shape.slice(0, s), merged, ...shape.slice(e + 1)] };
  if (e === rank - 1 && factors.length > 1) out.flattened = factors;
  return out;
}

const flatten: LayerSpec = {
  name: 'Flatten',
  signature: ['start_dim', 'end_dim'],
  defaults: { start_dim: { t: 'int', v: 1 }, end_dim: { t: 'int', v: -1 } },
  forward: (call) => {
    const shape = inputShape(call);
    if (!shape) return unknownOutput();
    return flattenShape(shape, call.cfg.int('start_dim') ?? 1, call.cfg.int('end_dim') ?? -1, call.ctx, 'Flatten');
  },
};

const unflatten: LayerSpec = {
  name: 'Unflatten',
  signature: ['dim', 'unflattened_size'],
  forward: (call) => {
    const shape = inputShape(call);
    const dim = call.cfg.int('dim');
    const sizes = call.cfg.list('unflattened_size');
    if (!shape || dim === undefined || !sizes) return unknownOutput();
    return unflattenShape(shape, dim, sizes, call.ctx);
  },
};

export function unflattenShape(shape: Shape, dim: number, sizes: Dim[], ctx: ShapeContext): Value {
  const axis = normalizeAxis(dim, shape.length);
  if (axis === undefined) return ctx.unknown(`unflatten dim ${dim} out of range`);
  const total = shape[axis]!;
  const known = sizes.filter((d) => d !== -1);
  const product = dimProduct(known);
  let resolved = sizes;
  if (sizes.includes(-1) && isNum(total) && isNum(product)) resolved = sizes.map((d) => (d === -1 ? total / product : d));
  const p = dimProduct(resolved);
  if (isNum(p) && isNum(total) && p !== total) {
    ctx.error('view-size-mismatch', `unflatten: sizes ${formatShape(sizes)} multiply to ${p}, but dim ${dim} has ${total}`);
    return unknownOutput();
  }
  return tensor([...shape.slice(0, axis), ...resolved, ...shape.slice(axis + 1)]);
}

function embeddingParams(cfg: LayerConfig): ParamTerm[] {
  const n = cfg.int('num_embeddings');
  const d = cfg.int('embedding_dim');
  return n === undefined || d === undefined ? [] : [{ label: 'weight', factors: [n, d], count: n * d }];
}

const embedding: LayerSpec = {
  name: 'Embedding',
  signature: ['num_embeddings', 'embedding_dim', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'],
  params: embeddingParams,
  forward: (call) => {
    const shape = inputShape(call);
    const d = call.cfg.dim('embedding_dim');
    if (!shape || d === undefined) return unknownOutput();
    return tensor([...shape, d]);
  },
  expectedInput: () => ['N', 'L'],
  attribute: (cfg, attr) => (attr === 'weight' ? { t: 'tensor', shape: embeddingParams(cfg)[0]?.factors ?? null, isParameter: true } : undefined),
};

const embeddingBag: LayerSpec = {
  name: 'EmbeddingBag',
  signature: ['num_embeddings', 'embedding_dim', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'per_sample_weights', 'include_last_offset', 'padding_idx'],
  params: embeddingParams,
  forward: (call) => {
    const shape = inputShape(call);
    const d = call.cfg.dim('embedding_dim');
    if (!shape || d === undefined) return unknownOutput();
    if (shape.length === 2) return tensor([shape[0]!, d]);
    const offsets = call.inputs[1] ?? call.kwargs.get('offsets');
    if (shape.length === 1 && offsets?.t === 'tensor' && offsets.shape?.length === 1) {
      const bags = offsets.shape[0]!;
      return tensor([call.cfg.bool('include_last_offset', false) && isNum(bags) ? bags - 1 : bags, d]);
    }
    if (!checkRank(shape, [1, 2], 'EmbeddingBag', call.ctx)) return unknownOutput();
    return call.ctx.unknown('EmbeddingBag offsets are not known');
  },
  expectedInput: () => ['N', 'L'],
};

export const linearLayers: LayerSpec[] = [linearSpec('Linear'), linearSpec('LazyLinear'), bilinear, identity, flatten, unflatten, embedding, embeddingBag];
