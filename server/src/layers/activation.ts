/**
 * Shape-preserving layers: every activation, the dropouts, and Softmax-like layers whose
 * `dim` must exist. PReLU holds num_parameters weights; GLU halves its dim.
 */
import { dimFloorDiv, formatShape, isNum, normalizeAxis } from '../engine/dims';
import { tensor } from '../engine/values';
import { inputShape, unknownOutput } from './checks';
import type { LayerSpec } from './spec';

const ELEMENTWISE = [
  'ReLU', 'ReLU6', 'LeakyReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh', 'Hardtanh',
  'Hardswish', 'Hardsigmoid', 'Hardshrink', 'Softshrink', 'Tanhshrink', 'Softplus', 'Softsign', 'LogSigmoid',
  'Threshold', 'RReLU', 'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout',
];

function elementwise(name: string): LayerSpec {
  return {
    name,
    signature: name === 'Threshold' ? ['threshold', 'value', 'inplace'] : name.startsWith('Dropout') || name.includes('AlphaDropout') ? ['p', 'inplace'] : ['inplace'],
    forward: (call) => call.inputs[0] ?? unknownOutput(),
  };
}

function softmaxLike(name: string): LayerSpec {
  return {
    name,
    signature: ['dim'],
    forward: (call) => {
      const shape = inputShape(call);
      if (!shape) return call.inputs[0] ?? unknownOutput();
      const dim = call.cfg.int('dim');
      if (dim !== undefined && normalizeAxis(dim, shape.length) === undefined) {
        call.ctx.error('dim-out-of-range', `${name}(dim=${dim}) is out of range for a ${shape.length}-D input ${formatShape(shape)}`);
        return unknownOutput();
      }
      return tensor(shape);
    },
  };
}

const prelu: LayerSpec = {
  name: 'PReLU',
  signature: ['num_parameters', 'init'],
  defaults: { num_parameters: { t: 'int', v: 1 } },
  params: (cfg) => {
    const n = cfg.int('num_parameters') ?? 1;
    return [{ label: 'weight', factors: [n], count: n }];
  },
  forward: (call) => {
    const shape = inputShape(call);
    const n = call.cfg.int('num_parameters') ?? 1;
    if (shape && n !== 1 && shape.length >= 2 && isNum(shape[1]) && shape[1] !== n) {
      call.ctx.error('num-parameters-mismatch', `PReLU expects ${n} channels (num_parameters), but receives ${shape[1]}`, { arg: 'num_parameters', value: shape[1] });
    }
    return call.inputs[0] ?? unknownOutput();
  },
};

const glu: LayerSpec = {
  name: 'GLU',
  signature: ['dim'],
  forward: (call) => {
    const shape = inputShape(call);
    if (!shape) return unknownOutput();
    const axis = normalizeAxis(call.cfg.int('dim') ?? -1, shape.length);
    if (axis === undefined) return unknownOutput();
    const out = [...shape];
    out[axis] = dimFloorDiv(shape[axis]!, 2);
    return tensor(out);
  },
};

export const activationLayers: LayerSpec[] = [
  ...ELEMENTWISE.map(elementwise),
  ...['Softmax', 'LogSoftmax', 'Softmin'].map(softmaxLike),
  { ...softmaxLike('Softmax2d'), signature: [] },
  prelu,
  glu,
];
