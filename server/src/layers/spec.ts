/**
 * What a catalogue entry is: a layer's constructor signature, its parameter formula and its
 * shape rule. Rules read their arguments through `LayerConfig` and report through
 * `ShapeContext`, so they never see the interpreter, the parser or the editor.
 */
import type { Arg, Span } from '../syntax/ast';
import type { Dim, Shape } from '../engine/dims';
import { asDim, asNumber, type Value } from '../engine/values';

/** One parameter tensor of a layer: `weight` of 4096×9216, and how many numbers it holds. */
export interface ParamTerm {
  label: string;
  factors: Dim[];
  count: number;
}

/** A fix a rule can suggest: set this constructor argument to that value. */
export interface ArgFix {
  arg: string;
  value: number;
  /** The dims whose product is the value, for style-keeping rewrites (`256 * 6 * 6`). */
  factors?: number[];
}

export interface ShapeContext {
  error(code: string, message: string, fix?: ArgFix): void;
  warning(code: string, message: string): void;
  /** Marks where tracking stops; returns a tensor of unknown shape. */
  unknown(reason: string): Value;
  /** A line of arithmetic for the hover: `H: ⌊(13 + 2·0 − 3)/2⌋ + 1 = 6`. */
  explain(line: string): void;
  macs(count: number): void;
}

export interface LayerCall {
  cfg: LayerConfig;
  inputs: Value[];
  kwargs: Map<string, Value>;
  ctx: ShapeContext;
}

export interface LayerSpec {
  name: string;
  /** Constructor parameters in positional order. */
  signature: readonly string[];
  defaults?: Readonly<Record<string, Value>>;
  params?(cfg: LayerConfig): ParamTerm[];
  forward(call: LayerCall): Value;
  /** Names of `forward`'s parameters, for calls by keyword (`mha(query=x, key=x, value=x)`). */
  forwardArgs?: readonly string[];
  /** The input a model starting with this layer expects, for symbolic inputs (PRODUCT §3.5). */
  expectedInput?(cfg: LayerConfig): Shape | undefined;
  /** Attributes PyTorch exposes beyond the constructor arguments (`weight`, `out_features`). */
  attribute?(cfg: LayerConfig, name: string): Value | undefined;
}

/** Constructor arguments bound by name, with the source span of each one given. */
export class LayerConfig {
  constructor(
    readonly args: Map<string, Value>,
    /** The constructor call's arguments as written, for `argSpan`; empty when not in the file. */
    private readonly argExprs: readonly Arg[] = [],
    private readonly signature: readonly string[] = [],
    private readonly defaults: Readonly<Record<string, Value>> = {},
  ) {}

  /**
   * Where argument `name` is written in the constructor call, for quick fixes. Found on
   * demand: a model holds thousands of configs and only one with an error needs it.
   */
  argSpan(name: string): Span | undefined {
    const keyword = this.argExprs.find((a) => a.name === name);
    if (keyword) return keyword.value.span;
    if (this.argExprs.some((a) => a.star !== undefined)) return undefined;
    const position = this.signature.indexOf(name);
    return position < 0 ? undefined : this.argExprs.filter((a) => !a.name)[position]?.value.span;
  }

  value(name: string): Value | undefined {
    return this.args.get(name) ?? this.defaults[name];
  }

  /** A copy whose arguments can change on their own (a Lazy layer's first call sets them). */
  clone(): LayerConfig {
    return new LayerConfig(new Map(this.args), this.argExprs, this.signature, this.defaults);
  }

  has(name: string): boolean {
    return this.args.has(name) || name in this.defaults;
  }

  dim(name: string): Dim | undefined {
    return asDim(this.value(name));
  }

  int(name: string): number | undefined {
    const d = this.dim(name);
    return typeof d === 'number' ? d : undefined;
  }

  num(name: string): number | undefined {
    return asNumber(this.value(name));
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.value(name);
    if (!v) return fallback;
    if (v.t === 'bool') return v.v;
    if (v.t === 'none') return false;
    if (v.t === 'int' || v.t === 'float') return v.v !== 0;
    return fallback;
  }

  str(name: string): string | undefined {
    const v = this.value(name);
    return v?.t === 'str' ? v.v : undefined;
  }

  /** An int-or-tuple argument (`kernel_size=3` or `(3, 5)`) as `n` dims. */
  tuple(name: string, n: number): Dim[] | undefined {
    const v = this.value(name);
    if (!v) return undefined;
    if (v.t === 'tuple' || v.t === 'list') {
      const dims = v.items.map(asDim);
      if (dims.some((d) => d === undefined)) return undefined;
      if (dims.length === 1) return Array(n).fill(dims[0]);
      return dims.length === n ? (dims as Dim[]) : undefined;
    }
    const d = asDim(v);
    return d === undefined ? undefined : Array(n).fill(d);
  }

  /** A list of ints (`normalized_shape`), an int counting as a one-element list. */
  list(name: string): Dim[] | undefined {
    const v = this.value(name);
    if (!v) return undefined;
    if (v.t === 'tuple' || v.t === 'list') {
      const dims = v.items.map(asDim);
      return dims.some((d) => d === undefined) ? undefined : (dims as Dim[]);
    }
    const d = asDim(v);
    return d === undefined ? undefined : [d];
  }
}
