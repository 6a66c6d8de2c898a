/**
 * `torch.distributions` as policy networks use them: `Normal(mu, std)`, `Categorical(logits=…)`,
 * `Bernoulli(probs=…)`, and their `sample()`, `rsample()`, `log_prob(a)`, `entropy()`, `mean`.
 * Only shapes are followed: a distribution has a batch shape (broadcast of its parameters,
 * or all but the last dim of Categorical's), samples add `sample_shape` in front, and
 * log_prob/entropy are per batch element. The ops inside the distribution code are not
 * recorded.
 */
import type { Shape } from './dims';
import { broadcast } from '../ops/shapes';
import type { ShapeContext } from '../layers/spec';
import { sizeArgs } from '../ops/registry';
import { newObject, tensor, unknown, type BuiltinFn, type Value } from './values';

/** Broadcasting here never reports: a mismatch is PyTorch's error at the distribution, not ours to guess. */
const QUIET: ShapeContext = { error: () => {}, warning: () => {}, unknown: () => tensor(null), explain: () => {}, macs: () => {} };

const shapeOf = (v: Value | undefined): Shape | null | undefined =>
  v?.t === 'tensor' ? v.shape : v?.t === 'int' || v?.t === 'float' ? [] : undefined;

function distribution(kind: string, batch: Shape | null, event: Value | undefined, dtype?: 'long' | 'float'): Value {
  const attrs = new Map<string, Value>();
  const method = (name: string, call: BuiltinFn): void => { attrs.set(name, { t: 'builtin', name: `${kind}.${name}`, call }); };
  const sampled: BuiltinFn = ([size], kwargs) => {
    const extra = size ?? kwargs.get('sample_shape');
    const front = extra ? sizeArgs([extra]) : [];
    return tensor(batch && front ? [...front, ...batch] : null, dtype);
  };
  method('sample', sampled);
  method('rsample', sampled);
  method('log_prob', ([value]) => {
    const v = shapeOf(value);
    return tensor(v && batch ? broadcast(v, batch, QUIET, 'log_prob') ?? null : null);
  });
  method('entropy', () => tensor(batch));
  method('cdf', ([value]) => tensor(shapeOf(value) ?? null));
  for (const name of ['mean', 'stddev', 'variance', 'mode']) attrs.set(name, tensor(batch));
  if (event) for (const name of ['probs', 'logits']) attrs.set(name, event);
  return { t: 'object', obj: newObject(undefined, attrs) };
}

/** Constructors by class name (`torch.distributions.Normal`, `…normal.Normal`). */
export const DISTRIBUTIONS: Record<string, BuiltinFn> = {
  Normal: ([loc, scale], kwargs) => {
    const a = shapeOf(loc ?? kwargs.get('loc'));
    const b = shapeOf(scale ?? kwargs.get('scale'));
    return distribution('Normal', a && b ? broadcast(a, b, QUIET, 'Normal') ?? null : null, undefined);
  },
  Categorical: ([probs], kwargs) => {
    const t = probs ?? kwargs.get('probs') ?? kwargs.get('logits');
    const s = shapeOf(t);
    return s && s.length ? distribution('Categorical', s.slice(0, -1), t, 'long') : unknown('Categorical of an unknown shape');
  },
  Bernoulli: ([probs], kwargs) => {
    const t = probs ?? kwargs.get('probs') ?? kwargs.get('logits');
    return distribution('Bernoulli', shapeOf(t) ?? null, t);
  },
};
