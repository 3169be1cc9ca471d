// Core layers that keep their input's shape and hold no weights: Identity, Masking and ThresholdedReLU
// (keras/src/layers/core/identity.py, core/masking.py; tf_keras/layers/activation/thresholded_relu.py:
// none of them adds a weight, and compute_output_shape returns the input shape).
import { shapeKeeping } from '../common';
import type { FieldSpec, LayerSpec } from '../types';

const same = (type: string, description: string, fields: FieldSpec[], more: Partial<LayerSpec> = {}) => shapeKeeping(type, 'core', description, fields, more);

export const Identity = same('Identity', 'Identity layer.', [], { pytorch: 'nn.Identity' });

/** Keras 3 may write mask_value as a serialised tensor: {class_name: '__tensor__', config: {value, dtype}}. */
const maskValue = (v: unknown): number => {
  const value = typeof v === 'object' && v !== null ? (v as { config?: { value?: unknown } }).config?.value : v;
  return value as number;
};

export const Masking = same(
  'Masking',
  'Masks a sequence by using a mask value to skip timesteps.',
  [{ name: 'mask_value', kind: 'float', default: 0, help: 'Steps whose every feature equals this are skipped by the layers after.', fromKeras: maskValue }],
  { summary: ['mask_value'] },
);

export const ThresholdedReLU = same(
  'ThresholdedReLU',
  'Thresholded Rectified Linear Unit.',
  [{ name: 'theta', kind: 'float', default: 1, min: 0, help: 'x where x > theta, else 0.' }],
  { pytorch: 'nn.Threshold' },
);
