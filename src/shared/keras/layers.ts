import { layerSpec } from '../catalog';
import { isDefault } from '../catalog/fields';
import type { LayerSpec } from '../catalog/types';
import type { FieldValue, NestedLayer } from '../design';

/** A layer as Keras serialises it (`{class_name, config}`), in any of its versions. */
export interface KerasLayerJson {
  class_name: string;
  config?: Record<string, unknown>;
  name?: string;
  inbound_nodes?: unknown[];
}

/** Old and alias class names Keras (and TensorFlow.js) still read. A Map: a plain object would also answer 'toString'. */
const ALIASES = new Map<string, string>(Object.entries({
  InputLayer: 'Input',
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  Deconvolution2D: 'Conv2DTranspose',
  Convolution2DTranspose: 'Conv2DTranspose',
  SeparableConvolution2D: 'SeparableConv2D',
  DepthwiseConvolution2D: 'DepthwiseConv2D',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalMaxPool3D: 'GlobalMaxPooling3D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalAvgPool3D: 'GlobalAveragePooling3D',
}));

export const catalogType = (className: string): string => ALIASES.get(className) ?? className;

/**
 * Keras configs carry many settings that do not change a count; only the catalog's fields are kept, and of
 * those only values other than the catalog's default (a file spells out every field; the design then holds
 * what the model changed, and is smaller to keep and quicker to count). Required fields are always kept.
 */
export function kerasFields(spec: LayerSpec, config: Record<string, unknown>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const field of spec.fields) {
    const raw = config[field.keras ?? field.name];
    // Absent: Keras's default, which the catalog's default follows; but a required field stays missing.
    if (raw === undefined) {
      if (field.required) fields[field.name] = null;
      continue;
    }
    if (field.kind === 'layer') {
      fields[field.name] = nestedLayer(raw as KerasLayerJson);
      continue;
    }
    const value = field.fromKeras ? field.fromKeras(raw) : (raw as FieldValue);
    if (field.required || !isDefault(field, value)) fields[field.name] = value;
  }
  return fields;
}

/** A wrapped layer (Bidirectional's, TimeDistributed's) in the catalog's terms. */
function nestedLayer(layer: KerasLayerJson): NestedLayer {
  // Untrusted: a class_name that is not text names no layer (and is never coerced, which could throw).
  const type = typeof layer?.class_name === 'string' ? catalogType(layer.class_name) : '';
  const spec = layerSpec(type);
  return { type, fields: spec ? kerasFields(spec, layer.config ?? {}) : {} };
}
