/**
 * `torch.fft`: transforms keep the shape, except along the transformed dims when a signal
 * length (`n`, `s`) is given, and the real transforms, which keep half of the spectrum:
 * rfft gives n//2 + 1 bins and irfft gives back 2·(m − 1) samples (torch.fft docs).
 * PyTorch records them as `fft_<name>`.
 */
import { dimAdd, dimFloorDiv, dimMul, dimSub, normalizeAxis, type Dim, type Shape } from '../engine/dims';
import { asDim, tensor, type Value } from '../engine/values';
import { arg, def, dimsArg, keep, shapeOf, sizeArgs, type OpFn } from './registry';

type Kind = 'complex' | 'real' | 'inverse-real';

/** The dims a transform acts on: `dim` if given, else the last one (1-D), two (2-D) or all (n-D). */
function transformedAxes(shape: Shape, dimArg: Value | undefined, count: number): number[] | undefined {
  const given = dimsArg(dimArg);
  if (given === null) return undefined;
  const dims = given ?? Array.from({ length: count }, (_, i) => shape.length - count + i);
  const axes = dims.map((d) => normalizeAxis(d, shape.length));
  return axes.some((a) => a === undefined) ? undefined : (axes as number[]);
}

function transform(kind: Kind, rank: 1 | 2 | 'n'): OpFn {
  return (args, kwargs) => {
    const s = shapeOf(args[0]);
    if (!s) return tensor(null);
    const lengthArg = arg(args, kwargs, 1, rank === 1 ? 'n' : 's');
    const lengths = !lengthArg || lengthArg.t === 'none' ? undefined : rank === 1 ? [asDim(lengthArg)] : sizeArgs([lengthArg]);
    if (lengths?.some((d) => d === undefined)) return tensor(null);
    const axes = transformedAxes(s, arg(args, kwargs, 2, 'dim'), lengths?.length ?? (rank === 'n' ? s.length : rank));
    if (!axes) return tensor(null);
    const out = [...s];
    axes.forEach((axis, i) => {
      const n = lengths?.[i] as Dim | undefined;
      const last = i === axes.length - 1;
      if (kind === 'real' && last) out[axis] = dimAdd(dimFloorDiv(n ?? s[axis]!, 2), 1);
      else if (kind === 'inverse-real' && last) out[axis] = n ?? dimMul(2, dimSub(s[axis]!, 1));
      else if (n !== undefined) out[axis] = n;
    });
    return tensor(out);
  };
}

const FAMILIES: [string[], Kind, 1 | 2 | 'n'][] = [
  [['fft', 'ifft'], 'complex', 1],
  [['fft2', 'ifft2'], 'complex', 2],
  [['fftn', 'ifftn'], 'complex', 'n'],
  [['rfft'], 'real', 1],
  [['rfft2'], 'real', 2],
  [['rfftn'], 'real', 'n'],
  [['irfft'], 'inverse-real', 1],
  [['irfft2'], 'inverse-real', 2],
  [['irfftn'], 'inverse-real', 'n'],
];
for (const [names, kind, rank] of FAMILIES) def(names.map((n) => `fft_${n}`), transform(kind, rank));
def(['fft_fftshift', 'fft_ifftshift'], keep());
def(['fft_fftfreq'], ([n]) => tensor(n && asDim(n) !== undefined ? [asDim(n)!] : null));
def(['fft_rfftfreq'], ([n]) => tensor(n && asDim(n) !== undefined ? [dimAdd(dimFloorDiv(asDim(n)!, 2), 1)] : null));
