/**
 * Recurrent layers: RNN, LSTM, GRU (num_layers, bidirectional, batch_first, proj_size,
 * unbatched input) and their cells. Formulas: PyTorch docs of torch.nn.LSTM — output
 * (L, N, D·H_out), h_n (D·num_layers, N, H_out), c_n (D·num_layers, N, H); per layer and
 * direction G·H×in + G·H×H_out weights and 2·G·H biases (G = 1 RNN, 3 GRU, 4 LSTM).
 */
import { dimMul, dimsDiffer, formatShape, isNum, type Dim, type Shape } from '../engine/dims';
import { TRUE, tensor } from '../engine/values';
import { checkFeature, checkRank, inputShape, unknownOutput } from './checks';
import type { LayerCall, LayerConfig, LayerSpec, ParamTerm } from './spec';

const GATES: Record<string, number> = { RNN: 1, GRU: 3, LSTM: 4, RNNCell: 1, GRUCell: 3, LSTMCell: 4 };

function rnnParams(name: string, cfg: LayerConfig): ParamTerm[] {
  const input = cfg.int('input_size');
  const hidden = cfg.int('hidden_size');
  if (input === undefined || hidden === undefined) return [];
  const g = GATES[name]! * hidden;
  const layers = cfg.int('num_layers') ?? 1;
  const directions = cfg.bool('bidirectional', false) ? 2 : 1;
  const proj = cfg.int('proj_size') ?? 0;
  const hOut = proj > 0 ? proj : hidden;
  const bias = cfg.bool('bias', true);
  const terms: ParamTerm[] = [];
  for (let l = 0; l < layers; l++) {
    const inSize = l === 0 ? input : directions * hOut;
    for (let d = 0; d < directions; d++) {
      const suffix = `_l${l}${d ? '_reverse' : ''}`;
      terms.push({ label: `weight_ih${suffix}`, factors: [g, inSize], count: g * inSize });
      terms.push({ label: `weight_hh${suffix}`, factors: [g, hOut], count: g * hOut });
      if (bias) terms.push({ label: `bias_ih${suffix}`, factors: [g], count: g }, { label: `bias_hh${suffix}`, factors: [g], count: g });
      if (proj > 0) terms.push({ label: `weight_hr${suffix}`, factors: [proj, hidden], count: proj * hidden });
    }
  }
  return terms;
}

function rnnSpec(name: 'RNN' | 'LSTM' | 'GRU'): LayerSpec {
  const signature = name === 'RNN'
    ? ['input_size', 'hidden_size', 'num_layers', 'nonlinearity', 'bias', 'batch_first', 'dropout', 'bidirectional']
    : ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout', 'bidirectional', ...(name === 'LSTM' ? ['proj_size'] : [])];
  return {
    name,
    signature,
    forwardArgs: ['input', 'hx'],
    defaults: { num_layers: { t: 'int', v: 1 }, bias: TRUE },
    params: (cfg) => rnnParams(name, cfg),
    forward: (call) => {
      const { cfg, ctx } = call;
      const shape = inputShape(call);
      const hidden = cfg.dim('hidden_size');
      if (!shape || hidden === undefined) return unknownOutput();
      if (!checkRank(shape, [2, 3], name, ctx)) return unknownOutput();
      checkFeature(ctx, name, 'input_size', cfg.dim('input_size'), shape[shape.length - 1], 'input features');
      const directions = cfg.bool('bidirectional', false) ? 2 : 1;
      const layers = cfg.int('num_layers') ?? 1;
      const proj = cfg.int('proj_size') ?? 0;
      const hOut: Dim = proj > 0 ? proj : hidden;
      const batchFirst = cfg.bool('batch_first', false);
      const batched = shape.length === 3;
      const seqLen = batched ? shape[batchFirst ? 1 : 0]! : shape[0]!;
      const batch = batched ? shape[batchFirst ? 0 : 1]! : undefined;
      const output: Shape = [...shape.slice(0, -1), dimMul(directions, hOut)];
      const stateShape = (size: Dim): Shape => (batch === undefined ? [directions * layers, size] : [directions * layers, batch, size]);
      ctx.explain(`output: ${directions === 2 ? '2 directions × ' : ''}${hOut} = ${dimMul(directions, hOut)} features per step`);
      const perStep = rnnParams(name, cfg).filter((t) => t.label.startsWith('weight')).reduce((a, t) => a + t.count, 0);
      if (isNum(seqLen)) ctx.macs(seqLen * perStep);
      checkHidden(call, name, stateShape(hOut), stateShape(hidden));
      const h = tensor(stateShape(hOut));
      if (name === 'LSTM') return { t: 'tuple', items: [tensor(output), { t: 'tuple', items: [h, tensor(stateShape(hidden))] }] };
      return { t: 'tuple', items: [tensor(output), h] };
    },
    expectedInput: (cfg) => {
      const input = cfg.dim('input_size');
      if (input === undefined) return undefined;
      return cfg.bool('batch_first', false) ? ['N', 'L', input] : ['L', 'N', input];
    },
  };
}

/** PyTorch checks an initial state against (D·num_layers, N, H_out) (and c₀ against H). */
function checkHidden(call: LayerCall, name: string, hShape: Shape, cShape: Shape): void {
  const hx = call.inputs[1] ?? call.kwargs.get('hx');
  const states = name === 'LSTM' && hx?.t === 'tuple' ? [[hx.items[0], hShape], [hx.items[1], cShape]] as const : [[hx, hShape]] as const;
  for (const [state, expected] of states) {
    if (state?.t !== 'tensor' || !state.shape) continue;
    const differs = state.shape.length !== expected.length || state.shape.some((d, i) => dimsDiffer(d, expected[i]));
    if (differs) {
      call.ctx.error('hidden-size-mismatch', `${name} expects an initial state of shape ${formatShape(expected)}, but receives ${formatShape(state.shape)}`);
      return;
    }
  }
}

function cellSpec(name: 'RNNCell' | 'LSTMCell' | 'GRUCell'): LayerSpec {
  return {
    name,
    signature: name === 'RNNCell' ? ['input_size', 'hidden_size', 'bias', 'nonlinearity'] : ['input_size', 'hidden_size', 'bias'],
    defaults: { bias: TRUE },
    params: (cfg) => rnnParams(name, cfg).map((t) => ({ ...t, label: t.label.replace('_l0', '') })),
    forward: (call) => {
      const { cfg, ctx } = call;
      const shape = inputShape(call);
      const hidden = cfg.dim('hidden_size');
      if (!shape || hidden === undefined) return unknownOutput();
      if (!checkRank(shape, [1, 2], name, ctx)) return unknownOutput();
      checkFeature(ctx, name, 'input_size', cfg.dim('input_size'), shape[shape.length - 1], 'input features');
      const h = tensor([...shape.slice(0, -1), hidden]);
      return name === 'LSTMCell' ? { t: 'tuple', items: [h, tensor([...shape.slice(0, -1), hidden])] } : h;
    },
  };
}

export const recurrentLayers: LayerSpec[] = [rnnSpec('RNN'), rnnSpec('LSTM'), rnnSpec('GRU'), cellSpec('RNNCell'), cellSpec('LSTMCell'), cellSpec('GRUCell')];
