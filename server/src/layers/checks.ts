/**
 * Helpers every shape rule needs: getting the input tensor, checking its rank and a
 * feature dim, and building the diagnostics those checks raise (stable codes, both sides
 * named in the message).
 */
import { dimProduct, dimsDiffer, formatShape, isNum, type Dim, type Shape } from '../engine/dims';
import { tensor, type Value } from '../engine/values';
import type { ArgFix, LayerCall, ShapeContext } from './spec';

/** The first input as a tensor with a known shape, or undefined (having noted why). */
export function inputShape(call: LayerCall, index = 0): Shape | undefined {
  const v = call.inputs[index];
  if (v?.t === 'tensor' && v.shape) return v.shape;
  return undefined;
}

/** Output for when the input shape is unknown: an unknown tensor, silently (the gap is upstream). */
export function unknownOutput(): Value {
  return tensor(null);
}

/** Checks the rank is one of `ranks`; reports `rank-mismatch` otherwise. */
export function checkRank(shape: Shape, ranks: number[], layer: string, ctx: ShapeContext): boolean {
  if (ranks.includes(shape.length)) return true;
  const expected = ranks.map((r) => `${r}-D`).join(' or ');
  ctx.error('rank-mismatch', `${layer} expects ${expected} input, but receives ${shape.length}-D ${formatShape(shape)}`);
  return false;
}

/**
 * Checks a feature dim against the layer's argument: `in_features`, `in_channels`, ….
 * `context` explains where the received value comes from (e.g. `256×6×6 after flatten`).
 */
export function checkFeature(
  ctx: ShapeContext, layer: string, arg: string, expected: Dim | undefined, received: Dim | undefined, what: string, context?: string,
  receivedFactors?: Dim[],
): boolean {
  if (!dimsDiffer(expected, received)) return true;
  const fix: ArgFix = { arg, value: received as number };
  if (receivedFactors?.every(isNum)) fix.factors = receivedFactors as number[];
  ctx.error(`${arg.replace(/_/g, '-')}-mismatch`, `${layer} expects ${expected} ${what}, but receives ${received}${context ? ` (${context})` : ''}`, fix);
  return false;
}

/** `256×6×6` when a flattened size has factors worth showing. */
export function flattenedFrom(factors: Dim[] | undefined): string | undefined {
  if (!factors || factors.length < 2) return undefined;
  const p = dimProduct(factors);
  return isNum(p) ? `${factors.join('×')} after flatten` : undefined;
}
