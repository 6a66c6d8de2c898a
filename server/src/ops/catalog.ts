/**
 * The op catalogue: `torch.*` / `F.*` functions and tensor methods by name, gathered from
 * the family files (each registers its ops when loaded).
 */
import { tensor, type Value } from '../engine/values';
import type { ShapeContext } from '../layers/spec';
import { einopsShape } from './einops';
import { methodOnly, ops, shapeOf, type OpFn } from './registry';
import './elementwise';
import './linalg';
import './reshaping';
import './reductions';
import './functional';
import './factories';
import './spectral';

export type { OpFn };

export const einopsFunctions: ReadonlyMap<string, OpFn> = new Map(
  (['rearrange', 'reduce', 'repeat'] as const).map((name) => [name, (args: Value[], kwargs: Map<string, Value>, ctx: ShapeContext): Value => {
    const s = shapeOf(args[0]);
    const pattern = args[1] ?? kwargs.get('pattern');
    if (!s || pattern?.t !== 'str') return tensor(null);
    const sizes = new Map([...kwargs].filter(([k]) => k !== 'pattern' && k !== 'reduction'));
    return einopsShape(name, s, pattern.v, sizes, ctx);
  }]),
);

export const torchFunctions: ReadonlyMap<string, OpFn> = new Map([...ops].filter(([n]) => !methodOnly.has(n)));
export const tensorMethods: ReadonlyMap<string, OpFn> = ops;
