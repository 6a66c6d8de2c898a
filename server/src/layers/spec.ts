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

/**
 * A layer's constructor arguments, read by name. It keeps the call's own argument list and
 * keyword map rather than binding them into a map of its own: a model holds thousands of
 * configs, and most are read a few times.
 */
export class LayerConfig {
  /** Arguments set after construction: a Lazy layer's first call fixes its input size. */
  private overrides: Map<string, Value> | undefined;

  constructor(
    private readonly positional: readonly Value[],
    private readonly keywords: ReadonlyMap<string, Value>,
    /** Parameter names in order, for positional arguments. */
    private readonly signature: readonly string[],
    private readonly defaults: Readonly<Record<string, Value>> = {},
    /** The constructor call's arguments as written, for `argSpan`; empty when not in the file. */
    private readonly argExprs: readonly Arg[] = [],
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

  /** The argument given (by keyword, over position, as Python binds them), else the default. */
  value(name: string): Value | undefined {
    return this.givenValue(name) ?? this.defaults[name];
  }

  private givenValue(name: string): Value | undefined {
    const set = this.overrides?.get(name);
    if (set !== undefined) return set;
    const keyword = this.keywords.get(name);
    if (keyword !== undefined) return keyword;
    const position = this.signature.indexOf(name);
    return position >= 0 && position < this.positional.length ? this.positional[position] : undefined;
  }

  /** True when the call gave `name` (or it was set since), not just its default. */
  given(name: string): boolean {
    return this.givenValue(name) !== undefined;
  }

  has(name: string): boolean {
    return this.given(name) || name in this.defaults;
  }

  set(name: string, value: Value): void {
    (this.overrides ??= new Map()).set(name, value);
  }

  /** Every argument the call gave, by name. */
  givenEntries(): [string, Value][] {
    const names = new Set([...this.signature.slice(0, this.positional.length), ...this.keywords.keys(), ...(this.overrides?.keys() ?? [])]);
    return [...names].map((name) => [name, this.givenValue(name)!]);
  }

  /** A copy whose arguments can change on their own (a Lazy layer's first call sets them). */
  clone(): LayerConfig {
    const copy = new LayerConfig(this.positional, this.keywords, this.signature, this.defaults, this.argExprs);
    if (this.overrides) copy.overrides = new Map(this.overrides);
    return copy;
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
