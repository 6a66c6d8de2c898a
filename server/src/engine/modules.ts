/**
 * `nn.Module` semantics: constructing library layers and containers, registering
 * submodules, counting parameters once per module, naming the tree like
 * `named_modules()`, and calling a module in `forward` (which is where records come from).
 */
import type { Span } from '../syntax/ast';
import { LayerConfig, type LayerSpec } from '../layers/spec';
import { layerCatalog } from '../layers/catalog';
import { newLayerRecord, outputShapes, tensorShapes, type LayerRecord } from './records';
import { runOp } from '../ops/operators';
import { canonicalTorchName } from './externs';
import type { Interpreter } from './interpreter';
import {
  NONE, NONE_CHILD, NO_KWARGS, NO_SITE, asDim, iterItems, newModuleData, newObject, setChild, unknown,
  type BuiltinFn, type CallSite, type ClassValue, type ContainerKind, type ModuleData, type PyObject, type Value,
} from './values';
import { dimProduct, isNum } from './dims';

const CONTAINERS: Record<string, ContainerKind> = {
  Sequential: 'sequential',
  ModuleList: 'modulelist',
  ModuleDict: 'moduledict',
  ParameterList: 'modulelist',
  ParameterDict: 'moduledict',
};

/** Thrown when a symbolic probe input reaches its first layer: the layer says what it expects. */
export class ProbeDemand {
  constructor(readonly shape: import('./dims').Shape) {}
}

export function newModule(op: string, site: CallSite): ModuleData {
  return newModuleData(op, site.span);
}

export function isModuleClass(interp: Interpreter, cls: ClassValue): boolean {
  return interp.mro(cls).some((entry) => typeof entry === 'string' && canonicalTorchName(entry) !== undefined);
}

export function createUserObject(interp: Interpreter, cls: ClassValue, site: CallSite): PyObject {
  const obj = newObject(cls);
  if (isModuleClass(interp, cls)) obj.module = newModule(cls.name, site);
  else if (derivesFromDict(cls)) obj.items = { t: 'dict', keys: [], values: [] };
  return obj;
}

/** `class Registry(dict)`, `class ModelOutput(OrderedDict)`: instances hold items. */
function derivesFromDict(cls: ClassValue): boolean {
  return cls.bases.some((b) => (b.t === 'builtin' && (b.name === 'dict' || b.name === 'OrderedDict')) || (b.t === 'class' && derivesFromDict(b.cls)));
}

/**
 * Constructs a library class (`nn.Conv2d(...)`, `nn.Sequential(...)`), or, with `into`,
 * makes a user subclass instance behave like it (`super().__init__(*layers)`).
 * Undefined when the path is not a class we know.
 */
export function constructExternClass(
  path: string, args: Value[], kwargs: Map<string, Value>, site: CallSite, into?: PyObject,
): Value | undefined {
  const name = canonicalTorchName(path);
  if (name === undefined) return undefined;
  if (name === 'Parameter') {
    const data = args[0] ?? kwargs.get('data');
    return data?.t === 'tensor' ? { ...data, isParameter: true } : unknown('nn.Parameter of an unknown value');
  }
  const obj = into ?? newObject();
  if (!obj.module) obj.module = newModule(name, site);
  const module = obj.module;
  if (name === 'Module') return { t: 'object', obj };
  const container = CONTAINERS[name];
  if (container) {
    if (!into) module.op = name;
    module.container = container;
    fillContainer(module, container, args);
    return { t: 'object', obj };
  }
  const spec = layerCatalog.get(name);
  if (!spec) return undefined;
  const config = bindLayerArgs(spec, args, kwargs, site);
  module.layer = { spec, config };
  if (!into) module.op = spec.name.replace(/^einops\./, '');
  module.ownParams = layerParams(spec, config);
  return { t: 'object', obj };
}

function fillContainer(module: ModuleData, kind: ContainerKind, args: Value[]): void {
  const first = args[0];
  if (kind === 'sequential' && first?.t === 'dict') {
    first.keys.forEach((k, i) => addChild(module, k.t === 'str' ? k.v : String(i), first.values[i]!));
    return;
  }
  if (kind === 'sequential' && (first?.t === 'list' || first?.t === 'tuple') && args.length === 1 && isOrderedPairs(first.items)) {
    // OrderedDict([...]) arrives as a list of (name, module) pairs.
    for (const pair of first.items) {
      const [k, v] = (pair as { items: Value[] }).items;
      addChild(module, (k as { v: string }).v, v!);
    }
    return;
  }
  const items = kind === 'sequential' ? args : first ? (kind === 'moduledict' && first.t === 'dict' ? undefined : iterItems(first)) : [];
  if (kind === 'moduledict' && first?.t === 'dict') {
    first.keys.forEach((k, i) => addChild(module, k.t === 'str' ? k.v : String(i), first.values[i]!));
    return;
  }
  (items ?? []).forEach((item) => addChild(module, nextKey(module), item));
}

/** The key `append` gives the next entry of a ModuleList or ParameterList. */
export function nextKey(module: ModuleData): string {
  return String(module.children.size + (module.tensors?.size ?? 0));
}

function isOrderedPairs(items: Value[]): boolean {
  return items.length > 0 && items.every((p) => (p.t === 'tuple' || p.t === 'list') && p.items.length === 2 && p.items[0]!.t === 'str');
}

export function addChild(module: ModuleData, name: string, child: Value): void {
  if (child.t === 'object' && child.obj.module) setChild(module, name, child.obj);
  else if (child.t === 'none' && module.container) setChild(module, name, NONE_CHILD);
  else if (child.t === 'unknown' && module.container) module.incomplete ??= child.reason;
  else if (child.t === 'tensor' && child.isParameter) {
    const n = child.shape ? dimProduct(child.shape) : undefined;
    if (isNum(n)) module.ownParams += n;
    // Held by a ParameterList/Dict: indexing and iterating it give the tensor back, already counted.
    if (module.container) (module.tensors ??= new Map()).set(name, { ...child, owned: true });
  }
}

/** Binds constructor arguments to a catalogue entry's signature, keeping each argument's span. */
export function bindLayerArgs(spec: LayerSpec, args: Value[], kwargs: Map<string, Value>, site: CallSite): LayerConfig {
  return new LayerConfig(args, kwargs, spec.signature, spec.defaults, site.expr?.k === 'call' ? site.expr.args : undefined);
}

export function layerParams(spec: LayerSpec, config: LayerConfig): number {
  return (spec.params?.(config) ?? []).reduce((sum, term) => sum + term.count, 0);
}

/** Parameters of a module and everything below it, each module counted once. */
export function subtreeParams(root: PyObject, seen = new Set<PyObject>()): number {
  if (seen.has(root) || !root.module) return 0;
  seen.add(root);
  let total = root.module.ownParams;
  for (const child of root.module.children.values()) total += subtreeParams(child, seen);
  return total;
}

/**
 * Every module's subtree parameters in one walk, when no module is shared (the usual
 * case); undefined when some module hangs under two parents, whose subtrees must then be
 * counted one by one with subtreeParams so that each module is counted once per subtree.
 */
export function treeParams(root: PyObject): Map<PyObject, number> | undefined {
  const totals = new Map<PyObject, number>();
  let shared = false;
  const visit = (obj: PyObject): number => {
    if (!obj.module) return 0;
    if (totals.has(obj)) { shared = true; return 0; }
    totals.set(obj, 0);
    let total = obj.module.ownParams;
    for (const child of obj.module.children.values()) total += visit(child);
    totals.set(obj, total);
    return total;
  };
  visit(root);
  return shared ? undefined : totals;
}

/** Gives every module its dotted path, first path wins for shared modules (`named_modules`). */
export function nameModules(root: PyObject): void {
  const seen = new Set<PyObject>();
  const visit = (obj: PyObject, path: string): void => {
    if (seen.has(obj) || !obj.module) return;
    seen.add(obj);
    obj.module.path = path;
    for (const [name, child] of obj.module.children) visit(child, path ? `${path}.${name}` : name);
  };
  visit(root, '');
}

/** All modules below a root, pre-order, each once. */
export function allModules(root: PyObject): PyObject[] {
  const out: PyObject[] = [];
  const seen = new Set<PyObject>();
  const visit = (obj: PyObject): void => {
    if (seen.has(obj) || !obj.module) return;
    seen.add(obj);
    out.push(obj);
    for (const child of obj.module.children.values()) visit(child);
  };
  visit(root);
  return out;
}

/**
 * Calls a module. Outside any forward it only notes the inputs (they tell the model's
 * input shape, PRODUCT §3.3); inside, it runs the layer rule, the container chain, or the
 * user's `forward`, and records the call.
 */
export function callModule(interp: Interpreter, obj: PyObject, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const module = obj.module!;
  if (interp.forwardDepth === 0) {
    interp.inputHints.push({ obj, args });
    // Inside a constructor or helper, a call on a known tensor is a dummy forward that sizes
    // what comes next (`self._get_conv_output(shape)`): compute it, record nothing.
    if (interp.insideCall && args.some((a) => a.t === 'tensor' && a.shape)) {
      return interp.recorder.silently(() => {
        interp.forwardDepth++;
        try { return runModule(interp, obj, args, kwargs, site, undefined); } finally { interp.forwardDepth--; }
      });
    }
    return unknown('model output outside forward');
  }
  const recorder = interp.recorder;
  const recordable = module.site !== undefined && obj !== interp.modelRoot;
  let record: LayerRecord | undefined;
  if (recordable) {
    record = recorder.begin('module', module.site!, module.op, module.path ?? '', tensorShapes(args), module);
    if (site.span) record.callSpan = site.span;
  }
  recorder.depth++;
  interp.moduleStack.push(record);
  let out: Value;
  try {
    out = runModule(interp, obj, args, kwargs, site, record);
  } finally {
    recorder.depth--;
    interp.moduleStack.pop();
  }
  if (record) {
    const shapes = outputShapes(out);
    record.output = shapes[0] ?? null;
    if (shapes.length > 1 || out.t === 'tuple') record.outputs = shapes;
    record.module = obj;
    if (module.layer && !module.container) record.paramTerms = module.layer.spec.params?.(module.layer.config) ?? [];
  }
  return out;
}

function runModule(interp: Interpreter, obj: PyObject, args: Value[], kwargs: Map<string, Value>, site: CallSite, record: LayerRecord | undefined): Value {
  const forward = obj.cls ? interp.findMethod(obj.cls, 'forward') : undefined;
  const self: Value = { t: 'object', obj };
  if (forward) return interp.call(forward, [self, ...args], kwargs, site);
  return baseForward(interp, obj, args, kwargs, site, record);
}

/**
 * The forward of the library class a module is (or derives from): the Sequential chain or
 * the layer's rule. Also what `super().forward(x)` reaches from a user subclass.
 */
export function baseForward(interp: Interpreter, obj: PyObject, args: Value[], kwargs: Map<string, Value>, site: CallSite, record: LayerRecord | undefined): Value {
  const module = obj.module!;
  if (module.container === 'sequential') {
    if (module.incomplete) return { t: 'tensor', shape: null };
    let x: Value = args[0] ?? unknown('Sequential called without input');
    for (const child of module.children.values()) {
      if (child === NONE_CHILD) return unknown('Sequential with a None entry');
      x = callModule(interp, child, [x], NO_KWARGS, NO_SITE);
    }
    return x;
  }
  if (module.layer) {
    const { spec, config } = module.layer;
    const probe = args.find((a) => a.t === 'tensor' && a.probe && !a.shape);
    if (probe && spec.expectedInput) {
      const expected = spec.expectedInput(config);
      if (expected) throw new ProbeDemand(expected);
    }
    // Library layers built inside library code have no site of their own: their reports
    // go to the nearest enclosing record in the user's file.
    const target = record ?? interp.nearestRecord() ?? detachedRecord(module.op, site.span);
    const ctx = interp.recorder.contextFor(target, record ? config : undefined);
    const out = spec.forward({ cfg: config, inputs: positionalInputs(spec, args, kwargs), kwargs, ctx });
    if (spec.name.startsWith('Lazy')) module.ownParams = layerParams(spec, config);
    // A subclass defined in the file runs the library forward as its own code, so PyTorch
    // records the functional op that forward calls (`conv2d`, `layer_norm`) at the call.
    const functional = obj.cls && site.span ? FUNCTIONAL_TWIN[spec.name] : undefined;
    if (functional) return runOp(interp, functional, () => out, args, NO_KWARGS, site.span);
    return out;
  }
  if (module.container) return unknown(`${module.op} is not callable`);
  return unknown(`${module.op} has no forward`);
}

/** Forward arguments in order, taking keyword ones by the layer's parameter names. */
function positionalInputs(spec: import('../layers/spec').LayerSpec, args: Value[], kwargs: Map<string, Value>): Value[] {
  if (kwargs.size === 0) return args;
  const names = spec.forwardArgs ?? ['input'];
  const out = [...args];
  for (let i = args.length; i < names.length; i++) {
    const v = kwargs.get(names[i]!);
    if (!v) break;
    out.push(v);
  }
  return out;
}

/** The torch function a library layer's forward calls (checked against torch 1.13). */
const FUNCTIONAL_TWIN: Record<string, string> = {
  Conv1d: 'conv1d', Conv2d: 'conv2d', Conv3d: 'conv3d',
  ConvTranspose1d: 'conv_transpose1d', ConvTranspose2d: 'conv_transpose2d', ConvTranspose3d: 'conv_transpose3d',
  Linear: 'linear', LayerNorm: 'layer_norm', GroupNorm: 'group_norm',
  BatchNorm1d: 'batch_norm', BatchNorm2d: 'batch_norm', BatchNorm3d: 'batch_norm',
  InstanceNorm1d: 'instance_norm', InstanceNorm2d: 'instance_norm', InstanceNorm3d: 'instance_norm',
  Embedding: 'embedding', Dropout: 'dropout', ReLU: 'relu', GELU: 'gelu', SiLU: 'silu', Sigmoid: 'sigmoid',
  Tanh: 'tanh', LeakyReLU: 'leaky_relu', Softmax: 'softmax', Upsample: 'interpolate', Flatten: 'flatten',
  MaxPool1d: 'max_pool1d', MaxPool2d: 'max_pool2d', MaxPool3d: 'max_pool3d',
  AvgPool1d: 'avg_pool1d', AvgPool2d: 'avg_pool2d', AvgPool3d: 'avg_pool3d',
  AdaptiveAvgPool1d: 'adaptive_avg_pool1d', AdaptiveAvgPool2d: 'adaptive_avg_pool2d', AdaptiveAvgPool3d: 'adaptive_avg_pool3d',
};

function detachedRecord(op: string, span: Span | undefined): LayerRecord {
  return newLayerRecord('module', span ?? { from: 0, to: 0 }, op, [], 0, true);
}

/**
 * `transformer.encoder` / `transformer.decoder`: the stacks nn.Transformer builds (its layers
 * and final LayerNorm), made when first asked for. They are built by PyTorch, so they have no
 * site and no record of their own; their parameters are already the Transformer's.
 */
export function transformerPart(config: LayerConfig, part: 'encoder' | 'decoder'): Value {
  const custom = config.value(`custom_${part}`);
  if (custom?.t === 'object') return custom;
  const kind = part === 'encoder' ? 'Encoder' : 'Decoder';
  const layerArgs = new Map<string, Value>();
  for (const name of ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first']) {
    const v = config.value(name);
    if (v) layerArgs.set(name, v);
  }
  const layer = constructExternClass(`torch.nn.Transformer${kind}Layer`, [], layerArgs, NO_SITE);
  const norm = constructExternClass('torch.nn.LayerNorm', [config.value('d_model') ?? NONE], NO_KWARGS, NO_SITE);
  const depth = config.value(`num_${part}_layers`) ?? NONE;
  if (!layer || !norm) return unknown(`Transformer.${part}`);
  return constructExternClass(`torch.nn.Transformer${kind}`, [layer, depth, norm], NO_KWARGS, NO_SITE) ?? unknown(`Transformer.${part}`);
}

const WINDOW_GEOMETRY = new Set(['kernel_size', 'stride', 'padding', 'dilation']);

/** `module.attr` for library layers: constructor arguments and parameter tensors. */
export function layerAttribute(module: ModuleData, name: string): Value | undefined {
  const layer = module.layer;
  if (!layer) return undefined;
  const special = layer.spec.attribute?.(layer.config, name);
  if (special) return special.t === 'tensor' && special.isParameter ? { ...special, owned: true } : special;
  // Parameters by PyTorch's names (`weight`, `bias`, `weight_ih_l0`): the catalogue's terms.
  const term = layer.spec.params?.(layer.config).find((t) => t.label === name);
  if (term) return { t: 'tensor', shape: term.factors, isParameter: true, owned: true };
  if ((name === 'weight' || name === 'bias') && layer.spec.params) return NONE;
  const v = layer.config.value(name);
  if (v === undefined) return undefined;
  // PyTorch stores conv geometry as tuples even when given as ints.
  if (WINDOW_GEOMETRY.has(name) && /Conv|Pool/.test(layer.spec.name) && asDim(v) !== undefined) {
    const n = Number(/(\d)d/.exec(layer.spec.name)?.[1] ?? 2);
    return { t: 'tuple', items: Array(n).fill(v) };
  }
  return v;
}

/**
 * A library class's own `__init__`, called on an instance: by `super().__init__(...)` reaching
 * a library base, or spelled out (`nn.Linear.__init__(self, …)` in loralib). The object is
 * made to behave like that class.
 */
export function externInit(basePath: string): Value {
  const call: BuiltinFn = (args, kwargs, site) => {
    const self = args[0];
    if (self?.t !== 'object') return NONE;
    constructExternClass(basePath, args.slice(1), kwargs, site, self.obj);
    return NONE;
  };
  return { t: 'builtin', name: `${basePath}.__init__`, call };
}

/** A library module's own forward, called on an instance: `super().forward(x)`, `nn.Embedding.forward(self, x)`. */
export function externForward(interp: Interpreter): Value {
  return {
    t: 'builtin',
    name: 'forward',
    call: ([self, ...args], kwargs, site) => (self?.t === 'object' && self.obj.module ? baseForward(interp, self.obj, args, kwargs, site, undefined) : unknown('forward()')),
  };
}
