/**
 * Library names: what `torch.*`, `torch.nn.*`, `torch.nn.functional.*`, torchvision's
 * building blocks and the bits of the standard library model code uses resolve to.
 * A name we do not know stays an `extern` value, and calling it gives an honest unknown.
 */
import { layerCatalog } from '../layers/catalog';
import { torchFunctions } from '../ops/catalog';
import { runOp } from '../ops/operators';
import { stubValue } from './stubs';
import type { Interpreter } from './interpreter';
import { NONE, unknown, type Value } from './values';

const MODULE_CLASSES = new Set(['Module', 'Sequential', 'ModuleList', 'ModuleDict', 'Parameter', 'ParameterList', 'ParameterDict']);

/** `torch.nn.Conv2d`, `torch.nn.modules.conv.Conv2d` → `Conv2d`; undefined if not an nn class we know. */
export function canonicalTorchName(path: string): string | undefined {
  const parts = path.split('.');
  if (parts[0] !== 'torch' || parts[1] !== 'nn') return undefined;
  const last = parts[parts.length - 1]!;
  if (parts.length === 3 || parts[2] === 'modules' || parts[2] === 'parameter') {
    if (MODULE_CLASSES.has(last) || layerCatalog.has(last)) return last;
  }
  return undefined;
}

/** Python's own functions reached through imports: `math.floor`, `functools.partial`, … */
const STDLIB_ALIASES: Record<string, string> = {
  'functools.partial': 'partial',
  'collections.OrderedDict': 'OrderedDict',
  'collections.namedtuple': '__namedtuple',
  'copy.deepcopy': '__identity',
  'copy.copy': '__identity',
  'typing.cast': '__cast',
  'torch.jit.annotate': '__cast',
  'torch.jit.is_scripting': '__false',
  'torch.jit.is_tracing': '__false',
  'torch.jit.unused': '__identity',
  'torch.jit.ignore': '__identity',
  'torch.is_tensor': '__is_tensor',
  'torch.Size': 'tuple',
  'torch._assert': '__none',
  'torch.no_grad': '__none',
  'torch.manual_seed': '__none',
  'torch.nn.init': '__none',
  'warnings.warn': '__none',
  'print': '__none',
};

export function resolveExtern(interp: Interpreter, path: string): Value | undefined {
  const stub = stubValue(interp, path);
  if (stub) return stub;
  const alias = STDLIB_ALIASES[path];
  if (alias) return interp.lookup(alias, interp.globals);
  if (path.startsWith('math.')) return interp.lookup(`__math_${path.slice(5)}`, interp.globals);
  if (path.startsWith('torch.nn.init.')) return { t: 'builtin', name: path, call: () => NONE };
  if (path.startsWith('itertools.')) return interp.lookup(`__itertools_${path.slice(10)}`, interp.globals);
  const op = torchOpName(path);
  if (op) {
    const fn = torchFunctions.get(op)!;
    return { t: 'builtin', name: op, call: (args, kwargs, site) => runOp(interp, op, fn, args, kwargs, site.span) };
  }
  return undefined;
}

/** `torch.flatten`, `torch.nn.functional.relu`, `F.relu` (via its import) → the op's name. */
function torchOpName(path: string): string | undefined {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  const isTorch = parts[0] === 'torch' && (parts.length === 2 || (parts.length === 3 && ['functional', 'linalg', 'special', 'fft'].includes(parts[1]!)) || (parts.length === 4 && parts[1] === 'nn' && parts[2] === 'functional'));
  if (!isTorch) return undefined;
  return torchFunctions.has(last) ? last : undefined;
}

export { unknown };
