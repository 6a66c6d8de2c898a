/**
 * Arithmetic on the values of small constant vectors. Model code sometimes computes its
 * widths with tensors (`torch.arange(depth) * w_a + w_0`, `torch.round(...)`, `.int().tolist()`,
 * as torchvision's RegNet does); when every operand's values are known, so are the result's.
 */
import type { Value } from '../engine/values';

const UNARY: Record<string, (x: number) => number> = {
  abs: Math.abs, exp: Math.exp, log: Math.log, log2: Math.log2, sqrt: Math.sqrt, neg: (x) => -x,
  floor: Math.floor, ceil: Math.ceil, sign: Math.sign, square: (x) => x * x, reciprocal: (x) => 1 / x,
  // torch.round rounds half to even.
  round: (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
  int: Math.trunc, long: Math.trunc, float: (x) => x, double: (x) => x, clone: (x) => x, contiguous: (x) => x,
};

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, subtract: (a, b) => a - b, mul: (a, b) => a * b, multiply: (a, b) => a * b,
  div: (a, b) => a / b, divide: (a, b) => a / b, true_divide: (a, b) => a / b, floor_divide: (a, b) => Math.floor(a / b),
  remainder: (a, b) => a - Math.floor(a / b) * b, pow: (a, b) => a ** b, maximum: Math.max, minimum: Math.min,
  eq: (a, b) => Number(a === b), ne: (a, b) => Number(a !== b), lt: (a, b) => Number(a < b), gt: (a, b) => Number(a > b),
  le: (a, b) => Number(a <= b), ge: (a, b) => Number(a >= b),
};

/** The values of an operand: a constant tensor's, or a Python number as a scalar. */
function valuesOf(v: Value | undefined): number[] | undefined {
  if (!v) return undefined;
  if (v.t === 'tensor') return v.values;
  if (v.t === 'int' || v.t === 'float') return [v.v];
  if (v.t === 'bool') return [v.v ? 1 : 0];
  return undefined;
}

/** Attaches values to a unary op's result when its input has them. */
export function unaryValues(op: string, input: Value | undefined, result: Value): Value {
  const f = UNARY[op];
  const xs = valuesOf(input);
  if (!f || !xs || result.t !== 'tensor') return result;
  return { ...result, values: xs.map(f) };
}

/** Attaches values to a binary op's result when both operands have them (scalars broadcast). */
export function binaryValues(op: string, a: Value | undefined, b: Value | undefined, result: Value): Value {
  const f = BINARY[op];
  const xs = valuesOf(a);
  const ys = valuesOf(b);
  if (!f || !xs || !ys || result.t !== 'tensor' || (a?.t !== 'tensor' && b?.t !== 'tensor')) return result;
  const n = Math.max(xs.length, ys.length);
  if ((xs.length !== 1 && xs.length !== n) || (ys.length !== 1 && ys.length !== n)) return result;
  return { ...result, values: Array.from({ length: n }, (_, i) => f(xs[xs.length === 1 ? 0 : i]!, ys[ys.length === 1 ? 0 : i]!)) };
}
