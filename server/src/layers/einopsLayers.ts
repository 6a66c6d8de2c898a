/**
 * einops' layers, `Rearrange(pattern, **sizes)` and `Reduce(pattern, reduction, **sizes)`,
 * catalogued as `einops.Rearrange` / `einops.Reduce` (they hold no parameters).
 */
import { einopsShape } from '../ops/einops';
import { inputShape, unknownOutput } from './checks';
import type { LayerSpec } from './spec';

function einopsLayer(name: 'Rearrange' | 'Reduce'): LayerSpec {
  return {
    name: `einops.${name}`,
    signature: name === 'Rearrange' ? ['pattern'] : ['pattern', 'reduction'],
    forward: (call) => {
      const shape = inputShape(call);
      const pattern = call.cfg.str('pattern');
      if (!shape || !pattern) return unknownOutput();
      const sizes = new Map(call.cfg.givenEntries().filter(([k]) => k !== 'pattern' && k !== 'reduction'));
      return einopsShape(name === 'Rearrange' ? 'rearrange' : 'reduce', shape, pattern, sizes, call.ctx);
    },
  };
}

export const einopsLayers: LayerSpec[] = [einopsLayer('Rearrange'), einopsLayer('Reduce')];
