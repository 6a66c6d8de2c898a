/**
 * What one analysis produces: a record per layer call and per tensor op, the shapes of
 * tensor variables, and diagnostics. The interpreter writes them through `Recorder`; the
 * CLI and the editor features only read them.
 */
import type { Span } from '../syntax/ast';
import type { Shape } from './dims';
import type { ArgFix, LayerConfig, ParamTerm, ShapeContext } from '../layers/spec';
import { tensor, type ModuleData, type PyObject, type Value } from './values';

export type Severity = 'error' | 'warning' | 'information';

export interface Diagnostic {
  span: Span;
  severity: Severity;
  code: string;
  message: string;
  /** For quick fixes: which constructor argument to change, and to what. */
  fix?: ArgFix & { argSpan?: Span };
  /** The layer kind the diagnostic is about (`Linear`), for fixes that swap layers. */
  op?: string;
}

export interface LayerRecord {
  kind: 'module' | 'op';
  /** Construction site for modules; the expression for ops. */
  span: Span;
  /** Where the module was called in `forward`, when the call is in the file. */
  callSpan?: Span;
  op: string;
  name: string;
  input: (Shape | null)[];
  output: Shape | null;
  outputs?: (Shape | null)[];
  params: number;
  paramTerms: readonly ParamTerm[];
  macs: number;
  /** The arithmetic behind the shape, for the hover; added to only through a ShapeContext. */
  explain: readonly string[];
  /** Containers and user modules: their MACs are their children's. */
  isLeaf: boolean;
  depth: number;
  /** The module called, for modules; params are filled in once the model has run. */
  module?: PyObject;
}

export interface VariableShape {
  span: Span;
  name: string;
  shape: Shape | null;
}

/** Shared by the many records that have none (ops, containers): records are kept per model. */
const NO_LINES: readonly string[] = Object.freeze([]);
const NO_TERMS: readonly ParamTerm[] = Object.freeze([]);

/**
 * Every field set, in one order, so that all records share one V8 shape (see `newObject`);
 * the name is filled in by the caller once the module tree is named.
 */
export function newLayerRecord(kind: LayerRecord['kind'], span: Span, op: string, input: (Shape | null)[], depth: number, isLeaf: boolean): LayerRecord {
  return {
    kind, span, callSpan: undefined, op, name: '', input, output: null, outputs: undefined,
    params: 0, paramTerms: NO_TERMS, macs: 0, explain: NO_LINES, isLeaf, depth, module: undefined,
  };
}

export class Recorder {
  constructor(readonly keepsExplanations = true) {}

  readonly records: LayerRecord[] = [];
  readonly variables: VariableShape[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** While > 0, branches taken on unknown conditions: errors there would be guesses. */
  uncertain = 0;
  depth = 0;
  /** While > 0, nothing is kept: see `silently`. */
  private silent = 0;

  /**
   * Runs `fn` and keeps nothing it records or reports. A dummy forward in a constructor
   * (`self.features(torch.zeros(1, 3, 32, 32))` to size the next Linear) computes a shape;
   * it is not the model's run.
   */
  silently<T>(fn: () => T): T {
    const records = this.records.length;
    const variables = this.variables.length;
    const uncertain = this.uncertain;
    this.silent++;
    try {
      return fn();
    } finally {
      this.silent--;
      this.records.length = records;
      this.variables.length = variables;
      this.uncertain = uncertain;
    }
  }

  addDiagnostic(d: Diagnostic): void {
    if (this.silent) return;
    if (d.severity === 'error' && this.uncertain > 0) return;
    const key = `${d.span.from}:${d.span.to}:${d.code}:${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  noteUnknown(span: Span, reason: string): void {
    if (this.silent) return;
    // One marker per place is enough: it says where tracking stops, not how often.
    const key = `unknown:${span.from}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({ span, severity: 'information', code: 'shape-unknown', message: `Shape unknown from here: ${reason}` });
  }

  begin(kind: LayerRecord['kind'], span: Span, op: string, name: string, input: (Shape | null)[], module?: ModuleData): LayerRecord {
    const record = newLayerRecord(kind, span, op, input, this.depth, kind === 'op' || !!module?.layer && !module.container);
    record.name = name;
    this.records.push(record);
    return record;
  }

  /** A ShapeContext whose reports land on this record and at this place in the file. */
  contextFor(record: LayerRecord, config?: LayerConfig): ShapeContext {
    return new RecordContext(this, record, config);
  }
}

/** One per layer call or op: a class rather than a bag of closures, for allocation's sake. */
class RecordContext implements ShapeContext {
  /** `config` is the called layer's, when its constructor call is in the file: fixes point into it. */
  constructor(private readonly recorder: Recorder, private readonly record: LayerRecord, private readonly config?: LayerConfig) {}

  error(code: string, message: string, fix?: ArgFix): void {
    const { record } = this;
    this.recorder.addDiagnostic({
      span: record.span, severity: 'error', code, message, op: record.op,
      fix: fix ? { ...fix, argSpan: this.config?.argSpan(fix.arg) } : undefined,
    });
  }

  warning(code: string, message: string): void {
    this.recorder.addDiagnostic({ span: this.record.span, severity: 'warning', code, message, op: this.record.op });
  }

  unknown(reason: string): Value {
    this.recorder.noteUnknown(this.record.span, reason);
    return tensor(null);
  }

  explain(line: string): void {
    const { record } = this;
    if (!this.recorder.keepsExplanations) return;
    if (record.explain === NO_LINES) record.explain = [];
    (record.explain as string[]).push(line);
  }

  macs(count: number): void {
    this.record.macs += count;
  }
}

/** The shapes of the tensors among a call's arguments, in order. */
export function tensorShapes(args: Value[]): (Shape | null)[] {
  const out: (Shape | null)[] = [];
  for (const a of args) if (a.t === 'tensor') out.push(a.shape);
  return out;
}

/** Output shapes of a value a layer or op returned: one per tensor in it. */
export function outputShapes(v: Value): (Shape | null)[] {
  if (v.t === 'tensor') return [v.shape];
  // An unknown item keeps its place (as an unknown shape) so later outputs do not shift.
  if (v.t === 'tuple' || v.t === 'list') return v.items.flatMap((item) => (item.t === 'tensor' || item.t === 'tuple' || item.t === 'list' || item.t === 'dict' ? outputShapes(item) : item.t === 'unknown' ? [null] : []));
  if (v.t === 'dict') return outputShapes({ t: 'list', items: v.values });
  return [];
}
