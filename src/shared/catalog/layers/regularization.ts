// Regularization layers: noise and dropout variants and an activity penalty. Each keeps its input's shape
// and holds no weights (Keras's build() adds none: keras/src/layers/regularization/*.py).
import { dataFormat, requireRank, shapeKeeping } from '../common';
import { keras1 } from '../keras1';
import type { FieldSpec, LayerSpec } from '../types';

const rate: FieldSpec = { name: 'rate', kind: 'float', required: true, default: 0.5, min: 0, max: 1, help: 'The fraction dropped while training.' };

/** tf.keras's random layers write the kind of their random generator; it changes nothing counted. */
const RANDOM = ['rng_type'];

const keep = (type: string, description: string, fields: FieldSpec[], more: Partial<LayerSpec> = {}) =>
  shapeKeeping(type, 'regularization', description, fields, { kerasIgnored: RANDOM, ...more });

export const GaussianNoise = keep(
  'GaussianNoise',
  'Apply additive zero-centered Gaussian noise.',
  [{ name: 'stddev', kind: 'float', required: true, default: 0.1, min: 0, help: 'Standard deviation of the noise, added while training.' }],
  // Keras 1: GaussianNoise(sigma).
  { fromKerasConfig: keras1({ sigma: 'stddev' }) },
);

export const GaussianDropout = keep('GaussianDropout', 'Apply multiplicative 1-centered Gaussian noise.', [rate], { fromKerasConfig: keras1() });

export const AlphaDropout = keep('AlphaDropout', 'Applies Alpha Dropout to the input.', [rate], { pytorch: 'nn.AlphaDropout', fromKerasConfig: keras1() });

export const ActivityRegularization = keep('ActivityRegularization', 'Layer that applies an update to the cost function based input activity.', [
  { name: 'l1', kind: 'float', default: 0, min: 0, help: 'L1 penalty factor on the activations.' },
  { name: 'l2', kind: 'float', default: 0, min: 0, help: 'L2 penalty factor on the activations.' },
]);

const AXES = ['steps, channels', 'height, width, channels', 'depth, height, width, channels'];

/** SpatialDropout1D/2D/3D: Dropout of whole feature maps; Keras's input_spec asks for the rank (InputSpec(ndim=rank + 2)). */
function spatialDropout(rank: 1 | 2 | 3): LayerSpec {
  const type = `SpatialDropout${rank}D`;
  const fields = rank === 1 ? [rate] : [rate, dataFormat];
  return keep(type, `Spatial ${rank}D version of Dropout.`, fields, {
    pytorch: `nn.Dropout${rank}d`,
    fromKerasConfig: keras1(),
    inferShape: (ctx) => requireRank(ctx, type, rank + 1, AXES[rank - 1]) ?? ctx.inputs[0],
  });
}

export const SpatialDropout1D = spatialDropout(1);
export const SpatialDropout2D = spatialDropout(2);
export const SpatialDropout3D = spatialDropout(3);
