// Generated benchmark graphs: one neutral layer list per graph, expressed both as a Paramsketch
// Design (what the editor holds) and as TensorFlow.js `model.toJSON(null, false)` topology.
import type { Design, Edge, FieldValue, LayerNode } from '../src/shared/design';

export type Shape = 'chain' | 'branchy';

/** One layer of a generated graph: a Keras class with our fields, fed by `inputs` in order. */
export interface GenLayer {
  name: string;
  cls: 'InputLayer' | 'Dense' | 'Conv2D' | 'BatchNormalization' | 'Activation' | 'Dropout' | 'Add' | 'Concatenate' | 'GlobalAveragePooling2D';
  fields: Record<string, FieldValue>;
  inputs: string[];
}

export interface Graph {
  shape: Shape;
  layers: GenLayer[];
  /** Index (in `layers`) of a Dense in the middle whose `units` can change without breaking any shape. */
  midDense: number;
  /** Same, as close to the end as the shape allows. */
  endDense: number;
  /** Two alternative `units` for those edits (both differ from the generated value). */
  editUnits: [number, number];
}

const SIZES = [16, 24, 32, 48, 64];
const WIDTH = 32; // trunk channels of the branchy graph (residual Adds need them equal)
const SPATIAL = 8; // height = width: shapes stay valid everywhere ('same' padding), count does not depend on it

class Builder {
  layers: GenLayer[] = [];
  private used = new Map<string, number>();
  add(cls: GenLayer['cls'], fields: Record<string, FieldValue>, inputs: string[]): string {
    const base = cls === 'InputLayer' ? 'input' : cls.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    const name = n === 0 ? base : `${base}_${n}`;
    this.layers.push({ name, cls, fields, inputs });
    return name;
  }
  get last() {
    return this.layers[this.layers.length - 1].name;
  }
}

const conv = (filters: number, k: number) => ({ filters, kernel_size: [k, k], padding: 'same' });

/** Input → [Conv2D → BatchNorm → Activation → Dense → Dropout]… → GlobalAveragePooling2D → Dense: exactly n layers. */
function chain(n: number): Graph {
  const b = new Builder();
  let x = b.add('InputLayer', { shape: [SPATIAL, SPATIAL, 8] }, []);
  const denses: number[] = [];
  for (let i = 0; b.layers.length < n - 2; i++) {
    const size = SIZES[Math.floor(i / 5) % SIZES.length];
    const step = i % 5;
    if (step === 0) x = b.add('Conv2D', conv(size, 3), [x]);
    else if (step === 1) x = b.add('BatchNormalization', {}, [x]);
    else if (step === 2) x = b.add('Activation', { activation: 'relu' }, [x]);
    else if (step === 3) (x = b.add('Dense', { units: SIZES[(Math.floor(i / 5) + 2) % SIZES.length] }, [x])), denses.push(b.layers.length - 1);
    else x = b.add('Dropout', { rate: 0.1 }, [x]);
  }
  x = b.add('GlobalAveragePooling2D', {}, [x]);
  b.add('Dense', { units: 10 }, [x]);
  return { shape: 'chain', layers: b.layers, midDense: denses[Math.floor(denses.length / 2)], endDense: denses[denses.length - 1], editUnits: [20, 40] };
}

/**
 * Input → stem Conv2D, then blocks alternating between
 *  A: three branches (1×1 Conv2D | 3×3 Conv2D → BatchNorm | Dense → Dropout) → Add, + residual Add, Activation (8 layers)
 *  B: two branches (Dense | 3×3 Conv2D → BatchNorm) → Concatenate → Dense projection → Dropout, + residual Add (7 layers)
 * then pass-through fillers and GlobalAveragePooling2D → Dense: exactly n layers.
 */
function branchy(n: number): Graph {
  const b = new Builder();
  const input = b.add('InputLayer', { shape: [SPATIAL, SPATIAL, 3] }, []);
  let x = b.add('Conv2D', conv(WIDTH, 3), [input]);
  const denses: number[] = [];
  for (let block = 0; ; block++) {
    const size = SIZES[block % SIZES.length];
    const need = block % 2 === 0 ? 8 : 7;
    if (b.layers.length + need > n - 2) break;
    if (block % 2 === 0) {
      const a = b.add('Conv2D', conv(WIDTH, 1), [x]);
      const c = b.add('BatchNormalization', {}, [b.add('Conv2D', conv(WIDTH, 3), [x])]);
      const d = b.add('Dropout', { rate: 0.1 }, [b.add('Dense', { units: WIDTH }, [x])]);
      const sum = b.add('Add', {}, [a, c, d]);
      x = b.add('Activation', { activation: 'relu' }, [b.add('Add', {}, [sum, x])]);
    } else {
      const a = b.add('Dense', { units: size }, [x]);
      denses.push(b.layers.length - 1);
      const c = b.add('BatchNormalization', {}, [b.add('Conv2D', conv(SIZES[(block + 2) % SIZES.length], 3), [x])]);
      const cat = b.add('Concatenate', {}, [a, c]);
      const proj = b.add('Dropout', { rate: 0.1 }, [b.add('Dense', { units: WIDTH }, [cat])]);
      x = b.add('Add', {}, [proj, x]);
    }
  }
  for (let i = 0; b.layers.length < n - 2; i++) x = b.add(i % 2 ? 'Dropout' : 'Activation', i % 2 ? { rate: 0.1 } : { activation: 'relu' }, [x]);
  x = b.add('GlobalAveragePooling2D', {}, [x]);
  b.add('Dense', { units: 10 }, [x]);
  return { shape: 'branchy', layers: b.layers, midDense: denses[Math.floor(denses.length / 2)], endDense: denses[denses.length - 1], editUnits: [20, 40] };
}

export const generate = (shape: Shape, n: number): Graph => (shape === 'chain' ? chain(n) : branchy(n));

/** The graph as the editor holds it: catalog types and only the fields a user would set. */
export function toDesign(graph: Graph): Design {
  const nodes: LayerNode[] = graph.layers.map((l) => ({ id: l.name, name: l.name, type: l.cls === 'InputLayer' ? 'Input' : l.cls, fields: l.fields }));
  const edges: Edge[] = graph.layers.flatMap((l) => l.inputs.map((from) => ({ from, to: l.name })));
  return { nodes, edges };
}

// tfjs-layers 4.22.0 getConfig() output for the classes used, defaults filled in the way toJSON writes them.
const glorot = { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } };
const zeros = { class_name: 'Zeros', config: {} };
const ones = { class_name: 'Ones', config: {} };

function kerasConfig(l: GenLayer): Record<string, unknown> {
  const f = l.fields;
  switch (l.cls) {
    case 'InputLayer':
      return { batch_input_shape: [null, ...(f.shape as number[])], dtype: 'float32', sparse: false, name: l.name };
    case 'Dense':
      return {
        units: f.units, activation: 'linear', use_bias: true, kernel_initializer: glorot, bias_initializer: zeros,
        kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
      };
    case 'Conv2D':
      return {
        filters: f.filters, kernel_initializer: glorot, kernel_regularizer: null, kernel_constraint: null, kernel_size: f.kernel_size,
        strides: [1, 1], padding: f.padding, data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: true,
        bias_initializer: zeros, bias_regularizer: null, activity_regularizer: null, bias_constraint: null,
      };
    case 'BatchNormalization':
      return {
        axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true, beta_initializer: zeros, gamma_initializer: ones,
        moving_mean_initializer: zeros, moving_variance_initializer: ones, beta_regularizer: null, gamma_regularizer: null,
        beta_constraint: null, gamma_constraint: null,
      };
    case 'Activation':
      return { activation: f.activation };
    case 'Dropout':
      return { rate: f.rate, noise_shape: null, seed: null };
    case 'Concatenate':
      return { axis: -1 };
    case 'GlobalAveragePooling2D':
      return { data_format: 'channels_last' };
    case 'Add':
      return {};
  }
}

/** The same graph as TensorFlow.js `model.toJSON(null, false)` writes a Functional model. */
export function toKerasJson(graph: Graph, modelName: string): Record<string, unknown> {
  const layers = graph.layers.map((l) => ({
    name: l.name,
    class_name: l.cls,
    config: l.cls === 'InputLayer' ? kerasConfig(l) : { ...kerasConfig(l), name: l.name, trainable: true },
    inbound_nodes: l.inputs.length ? [l.inputs.map((from) => [from, 0, 0, {}])] : [],
  }));
  return {
    class_name: 'Model',
    config: {
      name: modelName,
      layers,
      input_layers: [[graph.layers[0].name, 0, 0]],
      output_layers: [[graph.layers[graph.layers.length - 1].name, 0, 0]],
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}
