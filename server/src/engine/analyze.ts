/**
 * The engine's front door: Python text in, models with per-layer records, variable
 * shapes and diagnostics out. It runs the file's top level once, finds the models
 * (PRODUCT §1), picks each model's input (§3), and runs each forward.
 */
import type { ClassDef, FunctionDef, Module, Span, Stmt } from '../syntax/ast';
import { parsePython, type ParseState } from '../syntax/lower';
import type { Shape } from './dims';
import { commentInputAbove, jaxtypingShape } from './inputs';
import { BudgetExceeded, Interpreter, RaiseSignal } from './interpreter';
import { ProbeDemand, allModules, callModule, nameModules, subtreeParams, treeParams } from './modules';
import { outputShapes, type Diagnostic, type LayerRecord, type VariableShape } from './records';
import { tensor, type ClassValue, type PyObject, type Value } from './values';

export interface AnalyzeOptions {
  /** The previous parse of the same document, for an incremental reparse (editors). */
  previousParse?: ParseState;
  /** `--input ENTRY=SHAPE` / the `shapelint.inputShapes` setting, by entry name. */
  inputs?: ReadonlyMap<string, Shape[]>;
  maxSteps?: number;
  /**
   * Keep each record's arithmetic (`H: ⌊(224 + 2·2 − 11)/4⌋ + 1 = 55`) for hovers; default
   * true. Reports that never show it (the CLI's) save the memory: a model has thousands.
   */
  explain?: boolean;
}

export type InputSource = 'option' | 'comment' | 'call' | 'annotation' | 'symbolic';

export interface ModelResult {
  name: string;
  kind: 'class' | 'function' | 'variable';
  /** The `class`/`def` keyword (or assignment) and the name, for placing the code lens. */
  span: Span;
  nameSpan: Span;
  inputs: (Shape | null)[];
  inputSource: InputSource;
  output: Shape | null;
  outputs?: (Shape | null)[];
  params: number;
  macs: number;
  layers: LayerRecord[];
  /** Set when the model could not be run; its reason. */
  failure?: string;
}

export interface Analysis {
  models: ModelResult[];
  diagnostics: Diagnostic[];
  variables: VariableShape[];
  /** Every record of every model, for lookups by position (hover, inlay hints). */
  records: LayerRecord[];
  module: Module;
  /** Pass back as `previousParse` when analysing the next version of the same text. */
  parse?: ParseState;
}

interface Candidate {
  name: string;
  kind: ModelResult['kind'];
  span: Span;
  nameSpan: Span;
  /** Where a `# shapelint:` comment would sit: the first decorator or the keyword. */
  commentAnchor: number;
  forward?: FunctionDef;
  build: () => Value;
  instance?: PyObject;
  explicitInput?: Shape[];
  inputSource?: InputSource;
  /** Whether building it took a branch on an undecided condition. */
  guessed?: boolean;
}

export function analyzeSource(text: string, options: AnalyzeOptions = {}): Analysis {
  const { module, state } = parsePython(text, options.previousParse);
  return { ...analyzeModule(module, text, options), parse: state };
}

export function analyzeModule(module: Module, text: string, options: AnalyzeOptions = {}): Analysis {
  const interp = new Interpreter({ maxSteps: options.maxSteps, explain: options.explain });
  interp.source = text;
  const budgetNote = (span: Span): void => interp.recorder.noteUnknown(span, 'analysis budget exceeded: the file is too large or loops too long');
  // Code outside any forward (the top level, speculative construction of candidates with
  // their defaults) reports no errors: only forward runs on a chosen input can be trusted.
  interp.recorder.uncertain = 1;
  runTopLevel(interp, module.body, budgetNote);
  reportSyntaxErrors(interp, module);

  let candidates: Candidate[] = [];
  try {
    candidates = findCandidates(interp, module, text, options);
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    budgetNote(module.body[0]?.span ?? { from: 0, to: 0 });
  }
  const models: ModelResult[] = [];
  for (const candidate of candidates) {
    try {
      const result = runModel(interp, candidate);
      if (result) models.push(result);
    } catch (e) {
      if (e instanceof BudgetExceeded) { budgetNote(candidate.nameSpan); break; }
      internalError(interp, candidate.nameSpan, e);
    }
  }
  return {
    models,
    diagnostics: interp.recorder.diagnostics,
    variables: interp.recorder.variables,
    // Each model's layers are the records of its own run, in order; records made outside
    // any model's run (a forward called at top level) are not shown.
    records: models.flatMap((m) => m.layers),
    module,
  };
}

/** Runs the file's top level statement by statement: one failure does not stop the rest. */
function runTopLevel(interp: Interpreter, body: Stmt[], budgetNote: (span: Span) => void): void {
  for (const stmt of body) {
    try {
      interp.exec(stmt, interp.globals);
    } catch (e) {
      if (e instanceof BudgetExceeded) { budgetNote(stmt.span); return; }
      if (e instanceof RaiseSignal || e instanceof ProbeDemand) continue;
      internalError(interp, stmt.span, e);
    }
  }
}

/**
 * A defect of the engine itself (never of the user's code): say so honestly at the place it
 * happened and go on with the rest of the file rather than fail the whole analysis.
 */
function internalError(interp: Interpreter, span: Span, e: unknown): void {
  interp.forwardDepth = 0;
  interp.modelRoot = undefined;
  interp.recorder.uncertain = 0;
  interp.recorder.depth = 0;
  interp.moduleStack.length = 0;
  const message = e instanceof Error ? e.message : String(e);
  interp.recorder.noteUnknown(span, `internal error in shapelint (${message}); please report it`);
}

function reportSyntaxErrors(interp: Interpreter, module: Module): void {
  const first = module.errors[0];
  if (!first) return;
  interp.recorder.diagnostics.push({
    span: { from: first.from, to: Math.max(first.to, first.from + 1) },
    severity: 'information',
    code: 'syntax-error',
    message: 'Python syntax error here: shapes are inferred from the code around it',
  });
}

function hasValueReturn(body: Stmt[]): boolean {
  return body.some((s) => {
    if (s.k === 'return') return s.value !== undefined;
    if (s.k === 'if') return hasValueReturn(s.body) || hasValueReturn(s.orelse);
    if (s.k === 'with' || s.k === 'for' || s.k === 'while') return hasValueReturn(s.body);
    if (s.k === 'try') return hasValueReturn(s.body);
    return false;
  });
}

function canCallWithoutArgs(fn: FunctionDef, skipSelf: boolean): boolean {
  return fn.params.slice(skipSelf ? 1 : 0).every((p) => p.kind === 'varargs' || p.kind === 'kwargs' || p.default !== undefined);
}

function findCandidates(interp: Interpreter, module: Module, text: string, options: AnalyzeOptions): Candidate[] {
  const candidates: Candidate[] = [];
  const explicit = (name: string, anchor: number): { shapes?: Shape[]; source?: InputSource } => {
    const option = options.inputs?.get(name);
    if (option) return { shapes: option, source: 'option' };
    const comment = commentInputAbove(module, text, anchor);
    if (comment && comment !== 'malformed') return { shapes: comment.shapes, source: 'comment' };
    if (comment === 'malformed') {
      interp.recorder.diagnostics.push({ span: { from: anchor, to: anchor + 1 }, severity: 'warning', code: 'bad-input-comment', message: 'Malformed input-shape comment: write e.g. `# shapelint: input=(N, 3, 224, 224)`' });
    }
    return {};
  };
  for (const stmt of module.body) {
    if (stmt.k === 'class') {
      const value = interp.globals.vars.get(stmt.name);
      if (value?.t !== 'class' || !interp.isModuleClass(value.cls)) continue;
      const cls = value.cls;
      const init = interp.findMethod(cls, '__init__');
      if (init?.t === 'func' && init.fn.k === 'def' && !canCallWithoutArgs(init.fn, true) && !hintedInstance(interp, cls)) {
        if (!options.inputs?.has(stmt.name)) continue;
      }
      const forward = interp.findMethod(cls, 'forward');
      const { shapes, source } = explicit(stmt.name, stmt.span.from);
      candidates.push({
        name: stmt.name, kind: 'class', span: keywordSpan(stmt), nameSpan: stmt.nameSpan, commentAnchor: stmt.span.from,
        forward: forward?.t === 'func' && forward.fn.k === 'def' ? forward.fn : undefined,
        build: () => hintedInstance(interp, cls) ?? interp.instantiate(cls, [], new Map(), {}),
        explicitInput: shapes, inputSource: source,
      });
    } else if (stmt.k === 'def' && hasValueReturn(stmt.body) && canCallWithoutArgs(stmt, false)) {
      const value = interp.globals.vars.get(stmt.name);
      if (value?.t !== 'func') continue;
      const { shapes, source } = explicit(stmt.name, stmt.span.from);
      candidates.push({
        name: stmt.name, kind: 'function', span: keywordSpan(stmt), nameSpan: stmt.nameSpan, commentAnchor: stmt.span.from,
        build: () => createdByFactory(interp, stmt.name) ?? interp.callFunction(value, [], new Map()),
        explicitInput: shapes, inputSource: source,
      });
    }
  }
  // Module-level variables bound to a model that no class or factory entry covers.
  for (const [name, value] of interp.globals.vars) {
    if (value.t !== 'object' || !value.obj.module || value.obj.cls) continue;
    if (interp.createdBy.has(value.obj)) continue;
    const assign = findAssignment(module.body, name);
    if (!assign) continue;
    const { shapes, source } = explicit(name, assign.span.from);
    candidates.push({
      name, kind: 'variable', span: assign.span, nameSpan: assign.target, commentAnchor: assign.span.from,
      build: () => value, explicitInput: shapes, inputSource: source,
    });
  }
  return dropBlocks(interp, candidates);
}

function keywordSpan(stmt: ClassDef | FunctionDef): Span {
  return { from: stmt.defStart, to: stmt.nameSpan.to };
}

/** An instance the file itself built and fed a tensor (`model = Net(10); model(x)`). */
function hintedInstance(interp: Interpreter, cls: ClassValue): Value | undefined {
  const hint = interp.inputHints.find((h) => h.obj.cls === cls);
  if (hint) return { t: 'object', obj: hint.obj };
  // Otherwise an instance the file builds at top level (`model = Net(num_classes=10)`).
  for (const v of interp.globals.vars.values()) if (v.t === 'object' && v.obj.cls === cls && v.obj.module) return v;
  return undefined;
}

function createdByFactory(interp: Interpreter, name: string): Value | undefined {
  for (const [obj, factory] of interp.createdBy) if (factory === name) return { t: 'object', obj };
  return undefined;
}

function findAssignment(body: Stmt[], name: string): { span: Span; target: Span } | undefined {
  let found: { span: Span; target: Span } | undefined;
  for (const s of body) {
    if (s.k === 'assign') {
      for (const t of s.targets) if (t.k === 'name' && t.id === name) found = { span: s.span, target: t.span };
    } else if (s.k === 'if') found = findAssignment(s.body, name) ?? findAssignment(s.orelse, name) ?? found;
  }
  return found;
}

/** Classes only ever built inside other models are blocks, not models of their own. */
function dropBlocks(interp: Interpreter, candidates: Candidate[]): Candidate[] {
  const usedInside = new Set<ClassValue>();
  // Only class entries can turn out to be blocks; without any, no tree needs walking.
  const mayDrop = candidates.some((c) => c.kind === 'class');
  for (const c of candidates) {
    let built: Value;
    const guessesBefore = interp.guesses;
    try { built = c.build(); } catch (e) {
      if (e instanceof BudgetExceeded) throw e;
      if (!(e instanceof RaiseSignal || e instanceof ProbeDemand)) internalError(interp, c.nameSpan, e);
      continue;
    }
    if (built.t !== 'object' || !built.obj.module) {
      // A model the file asks for by an input comment or option is never dropped in silence.
      if (c.explicitInput) interp.recorder.noteUnknown(c.nameSpan, `${c.name} could not be built: ${built.t === 'unknown' ? built.reason : `it gives a ${built.t}, not a module`}`);
      continue;
    }
    c.instance = built.obj;
    // A model built through a guessed branch may not be the model the code builds: its
    // forward reports no errors (shapes and unknowns still show).
    c.guessed = interp.guesses > guessesBefore;
    if (mayDrop) for (const m of allModules(built.obj)) if (m !== built.obj && m.cls) usedInside.add(m.cls);
  }
  return candidates.filter((c) => {
    if (!c.instance) return false;
    if (c.explicitInput || interp.inputHints.some((h) => h.obj === c.instance)) return true;
    if (c.kind === 'class') {
      const cls = c.instance.cls;
      return !cls || !usedInside.has(cls);
    }
    return true;
  });
}

function inputFor(interp: Interpreter, c: Candidate, root: PyObject): { shapes: (Shape | null)[]; source: InputSource; probe?: boolean } {
  if (c.explicitInput) return { shapes: c.explicitInput, source: c.inputSource ?? 'comment' };
  const hint = interp.inputHints.find((h) => h.obj === root);
  if (hint && hint.args.every((a) => a.t === 'tensor' && a.shape)) {
    return { shapes: hint.args.map((a) => (a as { shape: Shape }).shape), source: 'call' };
  }
  const forward = c.forward ?? (root.cls ? findForwardDef(interp, root.cls) : undefined);
  const annotated = forward?.params.slice(1).filter((p) => p.kind === 'positional').map((p) => jaxtypingShape(p.annotation));
  if (annotated?.length && annotated.every((s) => s)) return { shapes: annotated as Shape[], source: 'annotation' };
  return { shapes: [null], source: 'symbolic', probe: true };
}

/** Each module record's params: its subtree's, each module counted once, memoized. */
function fillParams(layers: LayerRecord[], memo: Map<PyObject, number>): void {
  for (const r of layers) {
    if (!r.module) continue;
    let n = memo.get(r.module);
    if (n === undefined) memo.set(r.module, (n = subtreeParams(r.module)));
    r.params = n;
  }
}

function findForwardDef(interp: Interpreter, cls: ClassValue): FunctionDef | undefined {
  const f = interp.findMethod(cls, 'forward');
  return f?.t === 'func' && f.fn.k === 'def' ? f.fn : undefined;
}

function runModel(interp: Interpreter, c: Candidate): ModelResult | undefined {
  const root = c.instance!;
  nameModules(root);
  const chosen = inputFor(interp, c, root);
  let shapes = chosen.shapes;
  let source = chosen.source;
  const start = interp.recorder.records.length;
  let out: Value = tensor(null);
  let failure: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    interp.recorder.records.length = start;
    interp.recorder.uncertain = c.guessed ? 1 : 0;
    const args: Value[] = shapes.map((s) => (s ? { t: 'tensor', shape: s } : { t: 'tensor', shape: null, probe: true }));
    interp.modelRoot = root;
    interp.forwardDepth++;
    try {
      out = callModule(interp, root, args, new Map(), {});
      break;
    } catch (e) {
      if (e instanceof ProbeDemand && attempt === 0) {
        shapes = [e.shape];
        source = 'symbolic';
        continue;
      }
      if (e instanceof RaiseSignal) { failure = 'forward raises'; break; }
      throw e;
    } finally {
      interp.forwardDepth--;
      interp.modelRoot = undefined;
    }
  }
  const layers = interp.recorder.records.slice(start);
  const params = treeParams(root) ?? new Map<PyObject, number>();
  fillParams(layers, params);
  const outs = outputShapes(out);
  return {
    name: c.name,
    kind: c.kind,
    span: c.span,
    nameSpan: c.nameSpan,
    inputs: shapes,
    inputSource: source,
    output: outs[0] ?? null,
    outputs: outs.length > 1 ? outs : undefined,
    params: params.get(root) ?? subtreeParams(root),
    macs: layers.reduce((sum, r) => sum + r.macs, 0),
    layers,
    failure,
  };
}
