/**
 * Attention: MultiheadAttention, TransformerEncoderLayer/DecoderLayer, TransformerEncoder/
 * Decoder and Transformer. Shapes follow PyTorch's docs (sequence-first unless
 * batch_first); params are those of the submodules PyTorch builds: in_proj 3E×E + 3E,
 * out_proj E×E + E, two Linears for the feed-forward, two (three) LayerNorms.
 */
import { dimsDiffer, formatShape, isNum, type Dim } from '../engine/dims';
import { TRUE, tensor, type Value } from '../engine/values';
import { checkFeature, checkRank, inputShape, unknownOutput } from './checks';
import type { LayerCall, LayerConfig, LayerSpec, ParamTerm } from './spec';


function mhaTerms(e: number, cfg: LayerConfig | undefined, prefix = ''): ParamTerm[] {
  const bias = cfg ? cfg.bool('bias', true) : true;
  const kdim = cfg?.int('kdim') ?? e;
  const vdim = cfg?.int('vdim') ?? e;
  const terms: ParamTerm[] = [];
  if (kdim === e && vdim === e) terms.push({ label: `${prefix}in_proj_weight`, factors: [3 * e, e], count: 3 * e * e });
  else {
    terms.push({ label: `${prefix}q_proj_weight`, factors: [e, e], count: e * e });
    terms.push({ label: `${prefix}k_proj_weight`, factors: [e, kdim], count: e * kdim });
    terms.push({ label: `${prefix}v_proj_weight`, factors: [e, vdim], count: e * vdim });
  }
  if (bias) terms.push({ label: `${prefix}in_proj_bias`, factors: [3 * e], count: 3 * e });
  if (cfg?.bool('add_bias_kv', false)) terms.push({ label: `${prefix}bias_k`, factors: [e], count: e }, { label: `${prefix}bias_v`, factors: [e], count: e });
  terms.push({ label: `${prefix}out_proj.weight`, factors: [e, e], count: e * e });
  if (bias) terms.push({ label: `${prefix}out_proj.bias`, factors: [e], count: e });
  return terms;
}

const multiheadAttention: LayerSpec = {
  name: 'MultiheadAttention',
  signature: ['embed_dim', 'num_heads', 'dropout', 'bias', 'add_bias_kv', 'add_zero_attn', 'kdim', 'vdim', 'batch_first'],
  forwardArgs: ['query', 'key', 'value'],
  defaults: { bias: TRUE },
  params: (cfg) => {
    const e = cfg.int('embed_dim');
    return e === undefined ? [] : mhaTerms(e, cfg);
  },
  forward: (call) => {
    const { cfg, ctx } = call;
    const q = inputShape(call, 0);
    const k = inputShape(call, 1);
    const e = cfg.dim('embed_dim');
    if (!q || e === undefined) return unknownOutput();
    if (!checkRank(q, [2, 3], 'MultiheadAttention', ctx)) return unknownOutput();
    if (!checkFeature(ctx, 'MultiheadAttention', 'embed_dim', e, q[q.length - 1], 'query features')) return { t: 'tuple', items: [tensor([...q.slice(0, -1), e]), tensor(null)] };
    // Keys and values have their own widths, kdim and vdim (embed_dim unless given).
    const v = inputShape(call, 2);
    if (k && !checkFeature(ctx, 'MultiheadAttention', 'kdim', cfg.dim('kdim') ?? e, k[k.length - 1], 'key features')) return { t: 'tuple', items: [tensor(q), tensor(null)] };
    if (v && !checkFeature(ctx, 'MultiheadAttention', 'vdim', cfg.dim('vdim') ?? e, v[v.length - 1], 'value features')) return { t: 'tuple', items: [tensor(q), tensor(null)] };
    const batchFirst = cfg.bool('batch_first', false);
    const batched = q.length === 3;
    const L = batched ? q[batchFirst ? 1 : 0]! : q[0]!;
    const N = batched ? q[batchFirst ? 0 : 1]! : undefined;
    const S = k ? (k.length === 3 ? k[batchFirst ? 1 : 0]! : k[0]!) : L;
    const needWeights = call.kwargs.get('need_weights');
    const average = call.kwargs.get('average_attn_weights');
    let weights: Value = { t: 'none' };
    if (!(needWeights?.t === 'bool' && !needWeights.v)) {
      const heads = cfg.dim('num_heads') ?? 'heads';
      const perHead = average?.t === 'bool' && !average.v;
      const core: Dim[] = perHead ? [heads, L, S] : [L, S];
      weights = tensor(N === undefined ? core : [N, ...core]);
    }
    if (isNum(e) && isNum(L) && isNum(S)) ctx.macs(4 * L * e * e + 2 * L * S * e);
    return { t: 'tuple', items: [tensor(q), weights] };
  },
  expectedInput: (cfg) => {
    const e = cfg.dim('embed_dim');
    if (e === undefined) return undefined;
    return cfg.bool('batch_first', false) ? ['N', 'L', e] : ['L', 'N', e];
  },
};

function layerTerms(d: number, ff: number, decoder: boolean): ParamTerm[] {
  const terms = [...mhaTerms(d, undefined, 'self_attn.')];
  if (decoder) terms.push(...mhaTerms(d, undefined, 'multihead_attn.'));
  terms.push(
    { label: 'linear1.weight', factors: [ff, d], count: ff * d }, { label: 'linear1.bias', factors: [ff], count: ff },
    { label: 'linear2.weight', factors: [d, ff], count: d * ff }, { label: 'linear2.bias', factors: [d], count: d },
  );
  for (let i = 1; i <= (decoder ? 3 : 2); i++) terms.push({ label: `norm${i}.weight`, factors: [d], count: d }, { label: `norm${i}.bias`, factors: [d], count: d });
  return terms;
}

function transformerLayerSpec(name: string, decoder: boolean): LayerSpec {
  return {
    name,
    signature: ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first'],
    forwardArgs: decoder ? ['tgt', 'memory'] : ['src'],
    defaults: { dim_feedforward: { t: 'int', v: 2048 } },
    params: (cfg) => {
      const d = cfg.int('d_model');
      const ff = cfg.int('dim_feedforward');
      return d === undefined || ff === undefined ? [] : layerTerms(d, ff, decoder);
    },
    forward: (call) => {
      const shape = inputShape(call);
      if (!shape) return unknownOutput();
      if (!checkRank(shape, [2, 3], name, call.ctx)) return unknownOutput();
      checkFeature(call.ctx, name, 'd_model', call.cfg.dim('d_model'), shape[shape.length - 1], 'features');
      return tensor(shape);
    },
    expectedInput: (cfg) => {
      const d = cfg.dim('d_model');
      if (d === undefined) return undefined;
      return cfg.bool('batch_first', false) ? ['N', 'L', d] : ['L', 'N', d];
    },
  };
}

/** Parameters of a module value (its own and its children's), for stacks built from a layer. */
function moduleValueParams(v: Value | undefined): number {
  if (v?.t !== 'object' || !v.obj.module) return 0;
  let total = v.obj.module.ownParams;
  for (const child of v.obj.module.children.values()) total += moduleValueParams({ t: 'object', obj: child });
  return total;
}

function layerDModel(v: Value | undefined): Dim | undefined {
  if (v?.t !== 'object') return undefined;
  return v.obj.module?.layer?.config.dim('d_model');
}

function layerBatchFirst(v: Value | undefined): boolean {
  return v?.t === 'object' ? !!v.obj.module?.layer?.config.bool('batch_first', false) : false;
}

/** A 2-D mask of nn.Transformer's forward (by keyword or position) against the sizes it must have. */
function checkSquareMask(call: LayerCall, name: string, position: number, expected: [Dim, Dim], against: Dim[]): void {
  const mask = call.kwargs.get(name) ?? call.inputs[position];
  if (mask?.t !== 'tensor' || !mask.shape || mask.shape.length !== 2) return;
  if (dimsDiffer(mask.shape[0], expected[0]) || dimsDiffer(mask.shape[1], expected[1])) {
    call.ctx.error('attn-mask-mismatch', `${name} is ${formatShape(mask.shape)}, but the sequence of ${formatShape(against)} needs (${expected[0]}, ${expected[1]})`);
  }
}

/** A square attention mask over the sequence: (L, L), PyTorch checks it against the input. */
function checkMask(call: LayerCall, shape: Dim[], batchFirst: boolean): void {
  const mask = call.inputs[1];
  if (mask?.t !== 'tensor' || !mask.shape || mask.shape.length !== 2 || shape.length !== 3) return;
  const L = shape[batchFirst ? 1 : 0]!;
  if (dimsDiffer(mask.shape[0], L) || dimsDiffer(mask.shape[1], L)) {
    call.ctx.error('attn-mask-mismatch', `the attention mask is ${formatShape(mask.shape)}, but the sequence of ${formatShape(shape)} needs (${L}, ${L})`);
  }
}

function stackSpec(name: string, layerArg: string): LayerSpec {
  return {
    name,
    signature: [layerArg, 'num_layers', 'norm'],
    forwardArgs: layerArg === 'decoder_layer' ? ['tgt', 'memory'] : ['src', 'mask'],
    params: (cfg) => {
      const n = cfg.int('num_layers') ?? 0;
      const per = moduleValueParams(cfg.value(layerArg));
      const terms: ParamTerm[] = [{ label: `${n} × ${layerArg}`, factors: [n, per], count: n * per }];
      const norm = moduleValueParams(cfg.value('norm'));
      if (norm) terms.push({ label: 'norm', factors: [norm], count: norm });
      return terms;
    },
    forward: (call) => {
      const shape = inputShape(call);
      if (!shape) return unknownOutput();
      if (layerArg === 'encoder_layer') checkMask(call, shape, layerBatchFirst(call.cfg.value(layerArg)));
      const d = layerDModel(call.cfg.value(layerArg));
      if (d !== undefined && dimsDiffer(d, shape[shape.length - 1])) {
        call.ctx.error('d-model-mismatch', `${name} layers expect ${d} features (d_model), but receive ${shape[shape.length - 1]} in ${formatShape(shape)}`);
      }
      return tensor(shape);
    },
    expectedInput: (cfg) => {
      const layer = cfg.value(layerArg);
      return layer?.t === 'object' ? layer.obj.module?.layer?.spec.expectedInput?.(layer.obj.module.layer.config) : undefined;
    },
  };
}

const transformer: LayerSpec = {
  name: 'Transformer',
  forwardArgs: ['src', 'tgt'],
  signature: ['d_model', 'nhead', 'num_encoder_layers', 'num_decoder_layers', 'dim_feedforward', 'dropout', 'activation', 'custom_encoder', 'custom_decoder', 'layer_norm_eps', 'batch_first', 'norm_first'],
  defaults: {
    d_model: { t: 'int', v: 512 }, nhead: { t: 'int', v: 8 }, num_encoder_layers: { t: 'int', v: 6 },
    num_decoder_layers: { t: 'int', v: 6 }, dim_feedforward: { t: 'int', v: 2048 },
  },
  params: (cfg) => {
    const d = cfg.int('d_model') ?? 512;
    const ff = cfg.int('dim_feedforward') ?? 2048;
    const enc = cfg.int('num_encoder_layers') ?? 6;
    const dec = cfg.int('num_decoder_layers') ?? 6;
    const sum = (terms: ParamTerm[]): number => terms.reduce((a, t) => a + t.count, 0);
    return [
      { label: `encoder: ${enc} layers`, factors: [enc, sum(layerTerms(d, ff, false))], count: enc * sum(layerTerms(d, ff, false)) + 2 * d },
      { label: `decoder: ${dec} layers`, factors: [dec, sum(layerTerms(d, ff, true))], count: dec * sum(layerTerms(d, ff, true)) + 2 * d },
    ];
  },
  forward: (call) => {
    const src = inputShape(call, 0);
    const tgt = inputShape(call, 1);
    const d = call.cfg.dim('d_model');
    if (!src || !tgt) return unknownOutput();
    checkFeature(call.ctx, 'Transformer', 'd_model', d, src[src.length - 1], 'source features');
    checkFeature(call.ctx, 'Transformer', 'd_model', d, tgt[tgt.length - 1], 'target features');
    // Masks are (target, target), (source, source) and (target, source), over sequence positions.
    const seqAxis = call.cfg.bool('batch_first', false) ? 1 : 0;
    const S = src.length === 3 ? src[seqAxis]! : src[0]!;
    const T = tgt.length === 3 ? tgt[seqAxis]! : tgt[0]!;
    checkSquareMask(call, 'tgt_mask', 3, [T, T], tgt);
    checkSquareMask(call, 'src_mask', 2, [S, S], src);
    checkSquareMask(call, 'memory_mask', 4, [T, S], tgt);
    return tensor(tgt);
  },
};

export const transformerLayers: LayerSpec[] = [
  multiheadAttention,
  transformerLayerSpec('TransformerEncoderLayer', false),
  transformerLayerSpec('TransformerDecoderLayer', true),
  stackSpec('TransformerEncoder', 'encoder_layer'),
  stackSpec('TransformerDecoder', 'decoder_layer'),
  transformer,
];
