/**
 * The layer catalogue: every `torch.nn` layer the engine knows, by class name. Adding a
 * layer is one entry in one of the family files plus its tests.
 */
import { activationLayers } from './activation';
import { convLayers } from './conv';
import { linearLayers } from './linear';
import { normLayers } from './norm';
import { poolLayers } from './pool';
import { recurrentLayers } from './recurrent';
import { resampleLayers } from './resample';
import type { LayerSpec } from './spec';
import { transformerLayers } from './transformer';
import { einopsLayers } from './einopsLayers';

export const layerCatalog: ReadonlyMap<string, LayerSpec> = new Map(
  [...convLayers, ...poolLayers, ...linearLayers, ...normLayers, ...activationLayers, ...recurrentLayers, ...transformerLayers, ...resampleLayers, ...einopsLayers]
    .map((spec) => [spec.name, spec]),
);
