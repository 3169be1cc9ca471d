import { tensor } from '../../tensor';
import { shapeKeeping, shapeText } from '../common';
import { renamed } from '../keras1';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';

/** Activation layers with their own class in Keras: shape kept, no weights (PReLU aside). */
const activationLayer = (type: string, description: string, pytorch: string, fields: FieldSpec[] = [], more: Partial<LayerSpec> = {}) =>
  shapeKeeping(type, 'core', description, fields, { pytorch, ...more });

export const ReLU = activationLayer('ReLU', 'Rectified Linear Unit activation function layer.', 'nn.ReLU', [], {
  // A capped or leaky ReLU (ReLU6: max_value 6) changes values, never a shape or a count.
  kerasIgnored: ['max_value', 'negative_slope', 'threshold'],
});
export const LeakyReLU = activationLayer('LeakyReLU', 'Leaky version of a Rectified Linear Unit activation layer.', 'nn.LeakyReLU', [{ name: 'alpha', kind: 'float', default: 0.3 }], {
  // Keras 3 calls alpha negative_slope.
  fromKerasConfig: (config) => renamed(config, { negative_slope: 'alpha' }),
});
export const ELU = activationLayer('ELU', 'Applies an Exponential Linear Unit function to an output.', 'nn.ELU', [{ name: 'alpha', kind: 'float', default: 1 }]);
export const Softmax = activationLayer('Softmax', 'Softmax activation layer.', 'nn.Softmax', [{ name: 'axis', kind: 'int', default: -1, min: -8 }]);

/** One learned slope per input value, except along shared_axes (1-based, batch axis 0, as Keras counts). */
const alphaShape = (ctx: LayerContext) => {
  const shared = ctx.values.shared_axes as number[];
  return ctx.inputs[0].dims.map((d, i) => (shared.includes(i + 1) ? 1 : (d as number)));
};

export const PReLU: LayerSpec = {
  type: 'PReLU',
  family: 'core',
  description: 'Parametric Rectified Linear Unit activation layer.',
  pytorch: 'nn.PReLU',
  fields: [
    {
      name: 'shared_axes',
      kind: 'dims',
      default: [],
      help: 'Axes (batch = 0) that share one slope, e.g. 1, 2 for one slope per channel of an image',
      fromKeras: (v) => (v === null ? [] : typeof v === 'number' ? [v] : (v as number[])),
      // Keras writes None, not an empty list, for no shared axis.
      toKeras: (v) => ((v as number[]).length ? v : null),
    },
  ],
  summary: ['shared_axes?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const input = ctx.inputs[0];
    const shared = ctx.values.shared_axes as number[];
    const outside = shared.find((axis) => axis < 1 || axis > input.dims.length);
    if (outside !== undefined) return { field: 'shared_axes', message: `axis ${outside} is outside the input ${shapeText(ctx, input)}` };
    if (alphaShape(ctx).some((d) => d === null))
      return { message: `PReLU needs every unshared axis known, got ${shapeText(ctx, input)}`, hint: 'share the variable axes' };
    return tensor(input.dims, input.spatial);
  },
  weights: (ctx) => [{ name: ctx.convention === 'pytorch' ? 'weight' : 'alpha', shape: alphaShape(ctx), role: 'trainable' }],
};
