/**
 * The op registry every op family file adds to, and the argument helpers they share.
 * A function and its method twin share one rule (`torch.flatten(x, 1)` and `x.flatten(1)`:
 * the tensor is the first argument either way).
 */
import { type Dim, type Shape } from '../engine/dims';
import { asDim, asNumber, unknown, type Value } from '../engine/values';
import { type ShapeContext } from '../layers/spec';

export type OpFn = (args: Value[], kwargs: Map<string, Value>, ctx: ShapeContext) => Value;

export const ops = new Map<string, OpFn>();
/** Names that are only tensor methods (`x.view`), not `torch.view`. */
export const methodOnly = new Set<string>();

export function def(names: string[], fn: OpFn, options: { methodOnly?: boolean } = {}): void {
  for (const n of names) {
    ops.set(n, fn);
    if (options.methodOnly) methodOnly.add(n);
  }
}

/** Argument `i` by position or `name` by keyword. */
export function arg(args: Value[], kwargs: Map<string, Value>, i: number, name: string): Value | undefined {
  return kwargs.get(name) ?? args[i];
}

export function shapeOf(v: Value | undefined): Shape | undefined {
  return v?.t === 'tensor' && v.shape ? v.shape : undefined;
}

export function intArg(args: Value[], kwargs: Map<string, Value>, i: number, name: string): number | undefined {
  const v = arg(args, kwargs, i, name);
  return v ? asNumber(v) : undefined;
}

/** A `dim` argument that may be an int, a tuple/list of ints, or absent. */
export function dimsArg(v: Value | undefined): number[] | undefined | null {
  if (!v || v.t === 'none') return undefined;
  if (v.t === 'tuple' || v.t === 'list') {
    const ds = v.items.map(asNumber);
    return ds.some((d) => d === undefined) ? null : (ds as number[]);
  }
  const d = asNumber(v);
  return d === undefined ? null : [d];
}

/** Size arguments as varargs or one tuple: `zeros(2, 3)`, `zeros((2, 3))`, `zeros(x.shape)`. */
export function sizeArgs(args: Value[]): Dim[] | undefined {
  const items = args.length === 1 && (args[0]!.t === 'tuple' || args[0]!.t === 'list') ? (args[0] as { items: Value[] }).items : args;
  const dims = items.map(asDim);
  return dims.some((d) => d === undefined) ? undefined : (dims as Dim[]);
}

export function keep(dtype?: 'float' | 'long' | 'bool'): OpFn {
  return ([x]) => {
    if (x?.t !== 'tensor') return unknown('op on a non-tensor');
    return dtype ? { t: 'tensor', shape: x.shape, dtype } : { t: 'tensor', shape: x.shape, dtype: x.dtype, flattened: x.flattened };
  };
}

