/**
 * Shape-preserving ops (activations, dropout, unary math, dtype casts) and broadcasting
 * binary ops, with the values of constant vectors carried through.
 */
import { dimsDiffer, formatShape, type Shape } from '../engine/dims';
import { tensor, unknown } from '../engine/values';
import { type ShapeContext } from '../layers/spec';
import { binaryValues, unaryValues } from './constantValues';
import { broadcast } from './shapes';
import { arg, def, keep, sizeArgs, type OpFn } from './registry';

// ---- shape-preserving ------------------------------------------------------------------
[
  'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'selu', 'celu', 'leaky_relu', 'hardswish', 'hardsigmoid',
  'hardtanh', 'mish', 'softplus', 'softsign', 'logsigmoid', 'dropout', 'dropout1d', 'dropout2d', 'dropout3d',
  'alpha_dropout', 'feature_alpha_dropout', 'abs', 'exp', 'log', 'log1p', 'log2', 'sqrt', 'rsqrt', 'neg', 'sign', 'sin',
  'cos', 'clamp', 'clip', 'clamp_min', 'clamp_max', 'floor', 'ceil', 'round', 'reciprocal', 'square', 'erf', 'nan_to_num',
  'relu_', 'sigmoid_', 'tanh_', 'threshold', 'hardshrink', 'softshrink', 'tanhshrink', 'normalize',
  'batch_norm', 'instance_norm', 'local_response_norm', 'cumsum', 'cumprod', 'rrelu', 'prelu',
  'masked_fill', 'contiguous', 'clone', 'detach', 'cpu', 'cuda', 'to', 'type_as', 'requires_grad_', 'zero_', 'fill_',
  'normal_', 'uniform_', 'clamp_', 'abs_', 'exp_', 'sqrt_', 'neg_', 'float', 'half', 'double', 'bfloat16', 'softmax',
  'log_softmax', 'softmin', 'gumbel_softmax', 'silu_', 'gelu_', 'relu6_', 'hardswish_', 'mul_scalar', 'sort_values',
  'flip', 'roll', 'triu', 'tril', 'fliplr', 'flipud', 'sigmoid_approx',
].forEach((n) => def([n], (args, kwargs, ctx) => unaryValues(n, args[0], keep()(args, kwargs, ctx))));
def(['long', 'int'], (args, kwargs, ctx) => unaryValues('int', args[0], keep('long')(args, kwargs, ctx)));
def(['argsort'], keep('long'));
// F.layer_norm(x, normalized_shape, …): the trailing dims must be normalized_shape, as for nn.LayerNorm.
def(['layer_norm'], (args, kwargs, ctx) => {
  const x = args[0];
  const shapeArg = arg(args, kwargs, 1, 'normalized_shape');
  const normalized = shapeArg ? sizeArgs([shapeArg]) : undefined;
  if (x?.t === 'tensor' && x.shape && normalized) {
    const trailing = x.shape.slice(x.shape.length - normalized.length);
    if (x.shape.length < normalized.length || normalized.some((d, i) => dimsDiffer(d, trailing[i]))) {
      ctx.error('normalized-shape-mismatch', `layer_norm expects trailing dims ${formatShape(normalized)} (normalized_shape), but receives ${formatShape(x.shape)}`);
      return tensor(null);
    }
  }
  return keep()(args, kwargs, ctx);
});
def(['bool', 'isnan', 'isinf', 'logical_not'], keep('bool'));
def(['type'], (args) => (args.length > 1 ? keep()(args, new Map(), undefined as unknown as ShapeContext) : unknown('tensor.type()')), { methodOnly: true });

// ---- broadcasting binary ops ----------------------------------------------------------
export function binary(name: string, result?: 'bool' | 'self'): OpFn {
  return (args, kwargs, ctx) => {
    const a = args[0];
    const b = arg(args, kwargs, 1, 'other');
    const sa = a?.t === 'tensor' ? a.shape : b?.t === 'tensor' ? [] : undefined;
    const sb = b?.t === 'tensor' ? b.shape : [];
    if (!sa || !sb) return tensor(null);
    const out = broadcast(sa, sb, ctx, name);
    if (!out) return tensor(null);
    if (result === 'self') return tensor(sa);
    return binaryValues(name, a, b, tensor(out, result === 'bool' ? 'bool' : undefined));
  };
}
for (const n of ['polar', 'complex', 'add', 'sub', 'mul', 'div', 'true_divide', 'floor_divide', 'remainder', 'fmod', 'maximum', 'minimum', 'atan2', 'pow', 'subtract', 'multiply', 'divide', 'hypot', 'logaddexp', 'xlogy']) def([n], binary(n));
for (const n of ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'logical_and', 'logical_or', 'logical_xor', 'greater', 'less']) def([n], binary(n, 'bool'));
for (const n of ['add_', 'sub_', 'mul_', 'div_', 'pow_', 'copy_', 'masked_fill_', 'clamp_min_']) def([n], binary(n, 'self'), { methodOnly: true });
def(['where'], (args, _kw, ctx) => {
  const shapes = args.slice(0, 3).map((v) => (v.t === 'tensor' ? v.shape : []));
  if (shapes.some((s) => !s)) return tensor(null);
  const ab = broadcast(shapes[0]!, shapes[1] ?? [], ctx, 'where');
  const out = ab ? broadcast(ab, shapes[2] ?? [], ctx, 'where') : undefined;
  return tensor(out ?? null);
});
def(['lerp', 'addcmul', 'addcdiv'], (args, _kw, ctx) => {
  const shapes = args.slice(0, 3).filter((v) => v.t === 'tensor').map((v) => (v as { shape: Shape | null }).shape);
  if (shapes.some((s) => !s)) return tensor(null);
  let out: Shape | undefined = shapes[0]!;
  for (const s of shapes.slice(1)) out = out ? broadcast(out, s!, ctx, 'lerp') : undefined;
  return tensor(out ?? null);
});

