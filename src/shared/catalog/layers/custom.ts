import { looksSpatial, tensor } from '../../tensor';
import type { LayerSpec } from '../types';

/**
 * A layer the catalog does not know (a user's own class, a Lambda, a TF op we cannot infer): it keeps its
 * place in the graph, says what it is, and is counted once its output shape and parameter count are given
 * (in the inspector, or from the file: a weights manifest, an .h5's weights, a Keras 3 tensor's shape).
 * Until then it is a problem, and what depends on it waits: a count that left it out would be wrong.
 */
export const CustomLayer: LayerSpec = {
  type: 'CustomLayer',
  family: 'custom',
  description: 'A layer Paramsketch does not know: give its output shape and parameter count, and the rest is counted.',
  keras: false,
  perStep: false,
  fields: [
    { name: 'class_name', kind: 'text', default: 'MyLayer', help: 'The class the model file names (a Lambda, your own layer…)' },
    { name: 'output_shape', kind: 'dims', default: [], help: 'Its output without the batch axis, e.g. 8, 8, 64 (None for a variable axis)' },
    { name: 'params', kind: 'int', default: null, nullable: true, min: 0, help: 'How many weights it holds; 0 for none' },
    { name: 'non_trainable', kind: 'int', default: 0, min: 0, help: 'How many of them are not trained (statistics, frozen weights)' },
  ],
  summary: ['class_name', 'output_shape?', 'params?'],
  inputs: { min: 0, max: 64 },
  inferShape: (ctx) => {
    const { class_name: name, output_shape: shape, params, non_trainable: frozen } = ctx.values as {
      class_name: string;
      output_shape: (number | null)[];
      params: number | null;
      non_trainable: number;
    };
    const what = `'${name}' is a custom layer Paramsketch cannot infer`;
    if (!shape.length) return { field: 'output_shape', message: `${what}: give its output shape`, hint: 'set output_shape in the inspector' };
    if (params === null) return { field: 'params', message: `${what}: give its parameter count`, hint: 'set params in the inspector (0 if it has no weights)' };
    if (frozen > params) return { field: 'non_trainable', message: `non_trainable (${frozen}) cannot exceed params (${params})` };
    return tensor(shape, looksSpatial(shape));
  },
  weights: (ctx) => {
    const params = ctx.values.params as number;
    const frozen = ctx.values.non_trainable as number;
    return [
      ...(params > frozen ? [{ name: 'weights', shape: [params - frozen], role: 'trainable' as const }] : []),
      ...(frozen ? [{ name: 'non_trainable_weights', shape: [frozen], role: 'non-trainable' as const }] : []),
    ];
  },
};

/**
 * Keras's Lambda: a function of its inputs, never weights. Its output shape is what the file says
 * (`output_shape`, without the batch axis); where it says None, Keras 1 kept the input's shape (the file has
 * no `module` key then), while later Keras ran the function to see: a shape only the user can give.
 */
export const Lambda: LayerSpec = {
  type: 'Lambda',
  family: 'custom',
  description: 'Wraps an arbitrary expression as a layer; holds no weights.',
  fromKerasConfig: (config) => {
    const keeps = config.output_shape === null && !('module' in config) && 'function' in config;
    const shape = Array.isArray(config.output_shape) && config.output_shape.every((d) => d === null || typeof d === 'number') ? config.output_shape : undefined;
    const { output_shape: _given, ...rest } = config;
    return { ...rest, ...(shape ? { output_shape: shape } : {}), ...(keeps ? { keeps_shape: true } : {}) };
  },
  kerasIgnored: ['function', 'function_type', 'output_shape_type', 'output_shape_module', 'arguments', 'mask', 'mask_type'],
  keras: false,
  fields: [
    { name: 'output_shape', kind: 'dims', default: [], help: 'Its output without the batch axis; empty: not known yet' },
    { name: 'keeps_shape', kind: 'bool', default: false, help: "Its output has its input's shape (Keras 1's Lambda without output_shape)" },
  ],
  summary: ['output_shape'],
  inputs: { min: 1, max: 64 },
  inferShape: (ctx) => {
    const shape = ctx.values.output_shape as (number | null)[];
    if (shape.length) return tensor(shape, looksSpatial(shape));
    if (ctx.values.keeps_shape === true) return ctx.inputs[0];
    return { field: 'output_shape', message: "a Lambda's output shape depends on its function, which Paramsketch cannot run: give it", hint: 'set output_shape in the inspector' };
  },
};
