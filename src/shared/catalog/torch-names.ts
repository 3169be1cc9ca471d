// The PyTorch convention names layers and settings as torch does (nn.Conv2d, out_channels) wherever a spec
// declares torch's own name; files keep the catalog's (Keras's) names either way.
import type { Convention } from '../design';
import type { FieldSpec, LayerSpec } from './types';

/** How the layer is named to someone reading in this convention. */
export const layerLabel = (spec: LayerSpec, convention: Convention): string => (convention === 'pytorch' && spec.torch) || spec.type;

/** How a setting is named to someone reading in this convention. */
export const fieldLabel = (field: FieldSpec, convention: Convention): string => (convention === 'pytorch' && field.torch) || field.name;

/** What PyTorch calls the layer, for notes and tooltips: its description, else torch's class. */
export const pytorchName = (spec: LayerSpec): string | undefined => spec.pytorch ?? spec.torch;
