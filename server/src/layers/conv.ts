/**
 * Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d and their Lazy variants.
 * Formulas: PyTorch docs of torch.nn.Conv2d and torch.nn.ConvTranspose2d (see formulas.ts).
 * Params: weight out×(in/groups)×k… plus out biases (ConvTranspose: in×(out/groups)×k…).
 */
import { dimFloorDiv, dimMul, dimProduct, formatCount, isNum, type Dim, type Shape } from '../engine/dims';
import { TRUE, tensor, type Value } from '../engine/values';
import { sizeArgs } from '../ops/registry';
import { checkFeature, checkRank, inputShape, unknownOutput } from './checks';
import { axisLabels, samePadding, transposedOut, windowShape } from './formulas';
import { LayerConfig, type LayerCall, type LayerSpec, type ParamTerm } from './spec';

const CONV_SIGNATURE = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'];
const TRANSPOSE_SIGNATURE = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode'];
const DEFAULTS: Record<string, Value> = {
  stride: { t: 'int', v: 1 }, padding: { t: 'int', v: 0 }, dilation: { t: 'int', v: 1 }, groups: { t: 'int', v: 1 },
  bias: TRUE, output_padding: { t: 'int', v: 0 },
};

function convParams(cfg: LayerConfig, n: number, transposed: boolean): ParamTerm[] {
  const cin = cfg.dim('in_channels');
  const cout = cfg.dim('out_channels');
  const groups = cfg.dim('groups') ?? 1;
  const kernel = cfg.tuple('kernel_size', n);
  if (cin === undefined || cout === undefined || !kernel) return [];
  const factors = transposed ? [cin, dimFloorDiv(cout, groups), ...kernel] : [cout, dimFloorDiv(cin, groups), ...kernel];
  const weight = dimProduct(factors);
  const terms: ParamTerm[] = isNum(weight) ? [{ label: 'weight', factors, count: weight }] : [];
  if (cfg.bool('bias', true) && isNum(cout)) terms.push({ label: 'bias', factors: [cout], count: cout });
  return terms;
}

function geometry(cfg: LayerConfig, n: number, ctx: LayerCall['ctx']): { kernel: Dim[]; stride: Dim[]; padding: Dim[]; dilation: Dim[] } | undefined {
  const kernel = cfg.tuple('kernel_size', n);
  const stride = cfg.tuple('stride', n);
  const dilation = cfg.tuple('dilation', n);
  if (!kernel || !stride || !dilation) return undefined;
  const mode = cfg.str('padding');
  let padding: Dim[] | undefined;
  if (mode === 'valid') padding = Array(n).fill(0);
  else if (mode === 'same') {
    if (stride.some((s) => s !== 1)) {
      ctx.error('invalid-padding', "padding='same' is not supported for strided convolutions");
      return undefined;
    }
    padding = samePadding(kernel, dilation);
  } else padding = cfg.tuple('padding', n);
  if (!padding) return undefined;
  return { kernel, stride, padding, dilation };
}

function convForward(n: number, transposed: boolean, name: string) {
  return (call: LayerCall): Value => {
    const { cfg, ctx } = call;
    const shape = inputShape(call);
    if (!shape) return unknownOutput();
    if (!checkRank(shape, [n + 1, n + 2], name, ctx)) return unknownOutput();
    const channelAxis = shape.length - n - 1;
    if (name.startsWith('Lazy') && !cfg.given('in_channels')) cfg.set('in_channels', { t: 'int', v: shape[channelAxis] as number });
    const cin = cfg.dim('in_channels');
    const cout = cfg.dim('out_channels');
    if (cin === undefined || cout === undefined) return ctx.unknown(`${name} channels are not known`);
    checkFeature(ctx, name, 'in_channels', cin, shape[channelAxis], 'input channels');
    const geo = geometry(cfg, n, ctx);
    if (!geo) return ctx.unknown(`${name} geometry is not known`);
    let spatial: Dim[] | undefined;
    // `up(x, output_size=skip.size()[2:])`: a transposed conv picks its output padding to
    // reach the size asked for (one of the sizes its stride could produce).
    const requestedValue = transposed ? call.inputs[1] ?? call.kwargs.get('output_size') : undefined;
    const requested = requestedValue ? sizeArgs([requestedValue])?.slice(-n) : undefined;
    if (requested?.length === n) {
      spatial = requested;
    } else if (transposed) {
      const outputPadding = cfg.tuple('output_padding', n) ?? Array(n).fill(0);
      const labels = axisLabels(n);
      spatial = shape.slice(channelAxis + 1).map((L, i) => {
        const { out, text } = transposedOut(L, geo.kernel[i]!, geo.stride[i]!, geo.padding[i]!, geo.dilation[i]!, outputPadding[i]!);
        ctx.explain(`${labels[i]}: ${text} = ${out}`);
        return out;
      });
    } else spatial = windowShape(shape, geo, ctx, name);
    if (!spatial) return unknownOutput();
    const out: Shape = [...shape.slice(0, channelAxis), cout, ...spatial];
    const groups = cfg.dim('groups') ?? 1;
    const counted = transposed ? [cin, ...shape.slice(channelAxis + 1)] : out.slice(channelAxis);
    // MACs are counted for known sizes only: no symbolic product is built just to be dropped.
    const perOutput = dimProduct([dimFloorDiv(transposed ? cout : cin, groups), ...geo.kernel]);
    const elements = counted.every(isNum) ? dimProduct(counted) : undefined;
    const macs = elements === undefined ? undefined : dimMul(perOutput, elements);
    if (isNum(macs)) {
      ctx.macs(macs);
      ctx.explain(`MACs: ${formatCount(isNum(elements) ? elements : 0)} ${transposed ? 'input' : 'output'} elements × ${perOutput} = ${formatCount(macs)}`);
    }
    return tensor(out);
  };
}

function convSpec(name: string, n: number, transposed: boolean): LayerSpec {
  return {
    name,
    signature: name.startsWith('Lazy') ? (transposed ? TRANSPOSE_SIGNATURE : CONV_SIGNATURE).slice(1) : transposed ? TRANSPOSE_SIGNATURE : CONV_SIGNATURE,
    defaults: DEFAULTS,
    params: (cfg) => convParams(cfg, n, transposed),
    forward: convForward(n, transposed, name),
    expectedInput: (cfg) => {
      const cin = cfg.dim('in_channels');
      return cin === undefined ? undefined : ['N', cin, ...axisLabels(n)];
    },
    attribute: (cfg, attr) => {
      if (attr !== 'weight' && attr !== 'bias') return undefined;
      const terms = convParams(cfg, n, transposed);
      const term = terms.find((t) => t.label === attr);
      return term ? { t: 'tensor', shape: term.factors, isParameter: true } : { t: 'none' };
    },
  };
}

export const convLayers: LayerSpec[] = [1, 2, 3].flatMap((n) => [
  convSpec(`Conv${n}d`, n, false),
  convSpec(`ConvTranspose${n}d`, n, true),
  convSpec(`LazyConv${n}d`, n, false),
  convSpec(`LazyConvTranspose${n}d`, n, true),
]);
