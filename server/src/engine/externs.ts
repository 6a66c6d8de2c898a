/**
 * Library names: what `torch.*`, `torch.nn.*`, `torch.nn.functional.*`, torchvision's
 * building blocks and the bits of the standard library model code uses resolve to.
 * A name we do not know stays an `extern` value, and calling it gives an honest unknown.
 */
import { layerCatalog } from '../layers/catalog';
import { einopsFunctions, torchFunctions } from '../ops/catalog';
import { runOp } from '../ops/operators';
import { stubValue } from './stubs';
import { DISTRIBUTIONS } from './distributions';
import type { Interpreter } from './interpreter';
import { NONE, NO_KWARGS, asDim, newObject, unknown, type Value } from './values';
import { externForward, externInit } from './modules';
import type { Dim } from './dims';

const MODULE_CLASSES = new Set(['Module', 'Sequential', 'ModuleList', 'ModuleDict', 'Parameter', 'ParameterList', 'ParameterDict']);

/** `torch.nn.Conv2d`, `torch.nn.modules.conv.Conv2d` → `Conv2d`; undefined if not an nn class we know. */
const canonicalCache = new Map<string, string | undefined>();

export function canonicalTorchName(path: string): string | undefined {
  if (canonicalCache.has(path)) return canonicalCache.get(path);
  const name = computeCanonicalName(path);
  canonicalCache.set(path, name);
  return name;
}

/** Base classes of other libraries that are `nn.Module`s with extra training hooks. */
const MODULE_ALIASES = new Set([
  'pytorch_lightning.LightningModule', 'pytorch_lightning.core.LightningModule', 'pytorch_lightning.core.module.LightningModule',
  'lightning.LightningModule', 'lightning.pytorch.LightningModule', 'lightning.pytorch.core.LightningModule',
]);

function computeCanonicalName(path: string): string | undefined {
  if (MODULE_ALIASES.has(path)) return 'Module';
  const parts = path.split('.');
  // einops' layers (`from einops.layers.torch import Rearrange`) are nn.Modules too.
  if (parts[0] === 'einops' && parts[1] === 'layers' && layerCatalog.has(`einops.${parts[parts.length - 1]}`)) return `einops.${parts[parts.length - 1]}`;
  if (parts[0] !== 'torch' || parts[1] !== 'nn') return undefined;
  const last = parts[parts.length - 1]!;
  if (parts.length === 3 || parts[2] === 'modules' || parts[2] === 'parameter') {
    if (MODULE_CLASSES.has(last) || layerCatalog.has(last)) return last;
    // `class ContBatchNorm3d(nn.modules.batchnorm._BatchNorm)`: the private base has the
    // same parameters (weight and bias per feature) as the public classes.
    if (last === '_BatchNorm' || last === '_NormBase') return 'BatchNorm2d';
  }
  return undefined;
}

/** Python's own functions reached through imports: `math.floor`, `functools.partial`, … */
const STDLIB_ALIASES: Record<string, string> = {
  'functools.partial': 'partial',
  'functools.reduce': '__reduce',
  'collections.OrderedDict': 'OrderedDict',
  'collections.namedtuple': '__namedtuple',
  'copy.deepcopy': '__deepcopy',
  'copy.copy': '__copy',
  'dataclasses.replace': '__replace',
  'dataclasses.field': '__dataclass_field',
  'dataclasses.fields': '__dataclass_fields',
  'argparse.Namespace': '__namespace',
  're.split': '__re_split',
  're.sub': '__re_sub',
  're.findall': '__re_findall',
  'torch.nn.modules.utils._single': '__single',
  'torch.nn.modules.utils._pair': '__pair',
  'torch.nn.modules.utils._triple': '__triple',
  'torch.nn.modules.utils._quadruple': '__quadruple',
  'torch.nn.modules.utils._ntuple': '__ntuple',
  'types.SimpleNamespace': '__namespace',
  'typing.cast': '__cast',
  'torch.jit.annotate': '__cast',
  'torch.jit.is_scripting': '__false',
  'torch.jit.is_tracing': '__false',
  'torch.jit.unused': '__identity',
  'torch.jit.script': '__identity',
  'torch.jit.trace': '__identity',
  'torch.compile': '__identity',
  'torch.autograd.Variable': '__identity',
  'torch.autograd.variable.Variable': '__identity',
  'torch.jit.ignore': '__identity',
  'torch.is_tensor': '__is_tensor',
  'torch.Size': 'tuple',
  'torch._assert': '__none',
  'torch.no_grad': '__none',
  'torch.manual_seed': '__none',
  'torch.nn.init': '__none',
  'warnings.warn': '__none',
  'print': '__none',
  // numpy, as model code uses it for configuration arithmetic.
  'numpy.prod': '__math_prod',
  'numpy.sqrt': '__math_sqrt',
  'numpy.floor': '__math_floor',
  'numpy.ceil': '__math_ceil',
  'numpy.log': '__math_log',
  'numpy.log2': '__math_log2',
  'numpy.pi': '__math_pi',
  'numpy.int64': 'int',
  'numpy.int32': 'int',
  'numpy.float32': 'float',
  'numpy.cumsum': '__itertools_accumulate',
  'numpy.sum': 'sum',
  'numpy.newaxis': '__none_value',
  // `default(val, d)` in lucidrains / latent-diffusion code: `d() if isfunction(d) else d`.
  'inspect.isfunction': '__isfunction',
  'inspect.ismethod': '__isfunction',
  'inspect.isclass': '__isclass',
};

/** The PyTorch whose behaviour the engine follows (its layer formulas and corner cases). */
export const TORCH_VERSION = '1.13.0';

/** The `operator` module's arithmetic, by Python operator. */
const OPERATORS: Record<string, string> = {
  add: '+', sub: '-', mul: '*', truediv: '/', floordiv: '//', mod: '%', pow: '**', matmul: '@',
};

export function resolveExtern(interp: Interpreter, path: string): Value | undefined {
  const stub = stubValue(interp, path);
  if (stub) return stub;
  const alias = STDLIB_ALIASES[path];
  if (alias) return interp.lookup(alias, interp.globals);
  if (path.startsWith('math.')) return interp.lookup(`__math_${path.slice(5)}`, interp.globals);
  if (path.startsWith('torch.nn.init.')) return { t: 'builtin', name: path, call: () => NONE };
  if (path.startsWith('itertools.')) return interp.lookup(`__itertools_${path.slice(10)}`, interp.globals);
  if (/^torch\.nn\.utils\.(parametrizations\.)?(weight_norm|spectral_norm)$/.test(path)) return normWrapper(path.endsWith('weight_norm'));
  if (path === 'torchinfo.summary' || path === 'torchsummary.summary') return summaryHint(interp, path.startsWith('torchinfo'));
  if (path === 'torch.finfo') return FLOAT_INFO_FN;
  // The torch the results are checked against; compared as a version (`>= '1.5.0'`).
  if (path === 'torch.__version__') return { t: 'str', v: TORCH_VERSION };
  // `nn.Linear.__init__(self, …)` and `nn.Embedding.forward(self, x)` (loralib): the library
  // class's own constructor and forward, called on an instance explicitly.
  const explicit = /^(.*)\.(__init__|forward)$/.exec(path);
  if (explicit && canonicalTorchName(explicit[1]!) !== undefined) return explicit[2] === '__init__' ? externInit(explicit[1]!) : externForward(interp);
  const distribution = /^torch\.distributions\.(?:\w+\.)?(Normal|Categorical|Bernoulli)$/.exec(path)?.[1];
  if (distribution) return { t: 'builtin', name: path, call: DISTRIBUTIONS[distribution]! };
  if (/^torch\.nn\.(modules\.transformer\.)?Transformer\.generate_square_subsequent_mask$/.test(path)) return squareSubsequentMask(interp);
  const einops = /^einops\.(rearrange|reduce|repeat)$/.exec(path)?.[1];
  if (einops) {
    const fn = einopsFunctions.get(einops)!;
    return { t: 'builtin', name: einops, call: (args, kwargs, site) => runOp(interp, einops, fn, args, kwargs, site.span) };
  }
  const operatorFn = /^operator\.(\w+)$/.exec(path)?.[1];
  if (operatorFn && OPERATORS[operatorFn]) {
    const op = OPERATORS[operatorFn]!;
    return { t: 'builtin', name: path, call: ([a, b], _kw, site) => (a && b ? interp.binary(op, a, b, site.span) : unknown(path)) };
  }
  // numpy arrays behave as constant tensors (elementwise `*`, `a[1:] *= 4`), not as lists.
  const numpyOp = /^numpy\.(linspace|arange|array|asarray)$/.exec(path)?.[1];
  if (numpyOp) {
    const op = resolveExtern(interp, `torch.${numpyOp === 'array' || numpyOp === 'asarray' ? 'tensor' : numpyOp}`);
    if (op?.t !== 'builtin') return op;
    return { ...op, call: (args, kwargs, site) => { const out = op.call(args, kwargs, site); return out.t === 'tensor' ? { ...out, numpy: true } : out; } };
  }
  const op = torchOpName(path);
  if (op) {
    const fn = torchFunctions.get(op)!;
    const recorded = RECORDED_AS[op] ?? op;
    return {
      t: 'builtin',
      name: op,
      call: (args, kwargs, site) => {
        // `F.interpolate(input=x, size=…)`: the tensor by keyword is the first argument.
        const input = args.length === 0 ? kwargs.get('input') : undefined;
        if (input) {
          kwargs = new Map(kwargs);
          kwargs.delete('input');
          args = [input];
        }
        return runOp(interp, recorded, fn, args, kwargs, site.span);
      },
    };
  }
  return undefined;
}

/**
 * `nn.Transformer.generate_square_subsequent_mask(sz)` (a static method, also reached through
 * an instance): PyTorch builds it as `triu(full((sz, sz), -inf), diagonal=1)`, two ops it
 * records at the call.
 */
function squareSubsequentMask(interp: Interpreter): Value {
  return {
    t: 'builtin',
    name: 'generate_square_subsequent_mask',
    call: (args, kwargs, site) => {
      const size = asDim(args[0] ?? kwargs.get('sz') ?? NONE);
      const square = (): Value => ({ t: 'tensor', shape: size === undefined ? null : [size, size] });
      const full = runOp(interp, 'full', square, [], NO_KWARGS, site.span);
      return runOp(interp, 'triu', square, [full], NO_KWARGS, site.span);
    },
  };
}

/** The limits `torch.finfo` reports, by dtype name (float32 when none is given). */
const FLOAT_LIMITS: Record<string, { min: number; max: number; eps: number; tiny: number; bits: number }> = {
  float32: { min: -3.4028234663852886e38, max: 3.4028234663852886e38, eps: 1.1920928955078125e-7, tiny: 1.1754943508222875e-38, bits: 32 },
  float16: { min: -65504, max: 65504, eps: 0.0009765625, tiny: 6.103515625e-5, bits: 16 },
  bfloat16: { min: -3.3895313892515355e38, max: 3.3895313892515355e38, eps: 0.0078125, tiny: 1.1754943508222875e-38, bits: 16 },
  float64: { min: -1.7976931348623157e308, max: 1.7976931348623157e308, eps: 2.220446049250313e-16, tiny: 2.2250738585072014e-308, bits: 64 },
};
const FLOAT_ALIASES: Record<string, string> = { float: 'float32', half: 'float16', double: 'float64' };

/** `torch.finfo(dtype).min`: attention masks use it as minus infinity. */
const FLOAT_INFO_FN: Value = {
  t: 'builtin',
  name: 'torch.finfo',
  call: ([dtype]) => {
    const named = dtype?.t === 'extern' ? dtype.path.replace(/^torch\./, '') : 'float32';
    const limits = FLOAT_LIMITS[FLOAT_ALIASES[named] ?? named] ?? FLOAT_LIMITS.float32!;
    const attrs = new Map<string, Value>(Object.entries(limits).map(([k, v]) => [k, k === 'bits' ? { t: 'int', v } : { t: 'float', v }]));
    return { t: 'object', obj: newObject(undefined, attrs) };
  },
};

/**
 * `weight_norm(module)` splits `weight` into a magnitude (one per slice along `dim`, 0 by
 * default) and a direction of the same shape; `spectral_norm` keeps the parameter count.
 */
function normWrapper(isWeightNorm: boolean): Value {
  return {
    t: 'builtin',
    name: isWeightNorm ? 'weight_norm' : 'spectral_norm',
    call: (args, kwargs) => {
      const module = args[0];
      if (module?.t !== 'object' || !module.obj.module) return module ?? unknown('weight_norm()');
      const layer = module.obj.module.layer;
      const weight = layer?.spec.attribute?.(layer.config, 'weight');
      if (isWeightNorm && weight?.t === 'tensor' && weight.shape) {
        // The magnitude keeps weight's size along `dim` (default 0) and is 1 elsewhere.
        const dimValue = kwargs.get('dim') ?? args[2];
        const dim = dimValue ? asDim(dimValue) : 0;
        const axis = typeof dim === 'number' ? (dim < 0 ? dim + weight.shape.length : dim) : undefined;
        const size = dimValue?.t === 'none' ? 1 : axis !== undefined ? weight.shape[axis] : undefined;
        module.obj.module.ownParams += typeof size === 'number' ? size : 0;
      }
      return module;
    },
  };
}

/**
 * `summary(model, input_size=(1, 3, 224, 224))` (torchinfo, batch included) or
 * `summary(model, (3, 224, 224))` (torchsummary, batch excluded): the model's input shape.
 */
function summaryHint(interp: Interpreter, includesBatch: boolean): Value {
  return {
    t: 'builtin',
    name: 'summary',
    call: (args, kwargs) => {
      const model = args[0] ?? kwargs.get('model');
      const size = kwargs.get('input_size') ?? args[1];
      if (model?.t !== 'object' || !model.obj.module || (size?.t !== 'tuple' && size?.t !== 'list')) return unknown('summary()');
      const shapes = size.items.every((i) => i.t === 'tuple' || i.t === 'list') ? size.items : [size];
      const tensors: Value[] = [];
      for (const s of shapes) {
        const dims = (s as { items: Value[] }).items.map(asDim);
        if (dims.some((d) => d === undefined)) return unknown('summary() of an unknown size');
        tensors.push({ t: 'tensor', shape: includesBatch ? (dims as Dim[]) : ['N', ...(dims as Dim[])] });
      }
      interp.inputHints.push({ obj: model.obj, args: tensors });
      return NONE;
    },
  };
}

/** Deprecated aliases PyTorch implements by calling another function, which is what it records. */
const RECORDED_AS: Record<string, string> = { upsample: 'interpolate', upsample_nearest: 'interpolate', upsample_bilinear: 'interpolate' };

/** `torch.flatten`, `torch.nn.functional.relu`, `F.relu` (via its import) → the op's name. */
function torchOpName(path: string): string | undefined {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  const isTorch = parts[0] === 'torch' && (parts.length === 2 || (parts.length === 3 && ['functional', 'linalg', 'special', 'fft'].includes(parts[1]!)) || (parts.length === 4 && parts[1] === 'nn' && parts[2] === 'functional'));
  if (!isTorch) return undefined;
  // `torch.fft.rfft` is recorded as `fft_rfft`.
  const name = parts.length === 3 && parts[1] === 'fft' ? `fft_${last}` : last;
  return torchFunctions.has(name) ? name : undefined;
}
