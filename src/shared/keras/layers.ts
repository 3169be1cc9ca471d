import { kerasLayerSpec } from '../catalog';
import { keras1Common } from '../catalog/keras1';
import { unknownKeys } from './known-keys';
import { isDefault } from '../catalog/fields';
import type { LayerSpec } from '../catalog/types';
import type { FieldValue, NestedLayer } from '../design';

/** Which Keras wrote a file: 1, 2 (tf.keras and TensorFlow.js too) or 3. */
export type KerasMajor = 1 | 2 | 3;

/** A layer as Keras serialises it (`{class_name, config}`), in any of its versions. */
export interface KerasLayerJson {
  class_name: string;
  config?: Record<string, unknown>;
  name?: string;
  inbound_nodes?: unknown[];
}

/** The catalog type a Keras class name stands for (the spec's own class or one of its aliases); unknown ones stay as they are. */
export const catalogType = (className: string): string => kerasLayerSpec(className)?.type ?? className;

/**
 * Keras configs carry many settings that do not change a count; only the catalog's fields are kept, and of
 * those only values other than the catalog's default (see README: one default policy). Required fields are
 * always kept. Keys the spec neither reads nor knows to be neutral go into `unknown`: the importer warns.
 */
export function kerasFields(
  spec: LayerSpec,
  raw: Record<string, unknown>,
  unknown?: string[],
  major: KerasMajor = 2,
): Record<string, FieldValue> {
  const config = spec.fromKerasConfig ? spec.fromKerasConfig(raw, major) : keras1Common(raw);
  const fields: Record<string, FieldValue> = {};
  for (const field of spec.fields) {
    // A PyTorch-only field (nn.LSTM's num_layers) means nothing in Keras: a Keras file never sets it.
    if (field.pytorchOnly) continue;
    const value = config[field.keras ?? field.name];
    // Absent: Keras's default, which the catalog's default follows; but a required field stays missing.
    if (value === undefined) {
      if (field.required) fields[field.name] = null;
      continue;
    }
    if (field.kind === 'layer') {
      fields[field.name] = nestedLayer(value as KerasLayerJson, unknown, major);
      continue;
    }
    const ours = field.fromKeras ? field.fromKeras(value, config) : (value as FieldValue);
    if (field.required || !isDefault(field, ours)) fields[field.name] = ours;
  }
  if (unknown) for (const key of unknownKeys(spec, config) ?? []) unknown.push(key);
  return fields;
}

/** A wrapped layer (Bidirectional's, TimeDistributed's) in the catalog's terms. */
function nestedLayer(layer: KerasLayerJson, unknown: string[] | undefined, major: KerasMajor): NestedLayer {
  // Untrusted: a class_name that is not text names no layer (and is never coerced, which could throw).
  const spec = typeof layer?.class_name === 'string' ? kerasLayerSpec(layer.class_name) : undefined;
  if (!spec) return { type: typeof layer?.class_name === 'string' ? layer.class_name : '', fields: {} };
  const config = layer.config && typeof layer.config === 'object' ? layer.config : {};
  const inner: string[] | undefined = unknown && [];
  const fields = kerasFields(spec, config, inner, major);
  if (unknown && inner) for (const key of inner) unknown.push(`${layer.class_name}.${key}`);
  return { type: spec.type, fields };
}
