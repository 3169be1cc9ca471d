// Rewrites a Keras 2 topology (as tfjs-layers' toJSON writes it) into the JSON Keras 3 writes with
// model.to_json() / inside a .keras archive's config.json. The layout follows Keras 3's own code
// (keras/src/saving/serialization_lib.py serialize_keras_object, keras/src/models/functional.py
// get_config + serialize_node, keras/src/models/sequential.py get_config) and real files it wrote
// (see tests/fixtures/keras-real/README.md):
//
//   layer:   {module: "keras.layers", class_name, config: {name, trainable, dtype: <DTypePolicy>, ...},
//             registered_name: null, build_config?: {input_shape}, name, inbound_nodes}
//   call:    {args: [<__keras_tensor__>], kwargs: {}}; merge layers get one positional list of tensors
//   tensor:  {class_name: "__keras_tensor__", config: {shape, dtype, keras_history: [layer, node, index]}}
//   model:   Functional {module: "keras.src.models.functional", class_name: "Functional", registered_name: "Functional",
//                        config: {name, trainable, layers, input_layers, output_layers}, build_config: {input_shape: null}}
//            Sequential {module: "keras", class_name: "Sequential", registered_name: null,
//                        config: {name, trainable, dtype, layers, build_input_shape}, build_config: {input_shape}}
//            with an InputLayer (batch_shape) first
//   nested:  a model used as a layer is that same model entry, plus name and inbound_nodes inside a Functional
import { strToU8, zipSync } from 'fflate';

type Json = Record<string, unknown>;
type Shape = (number | null)[];
/** A layer's output shape(s) with the batch axis, as tfjs reports it: one shape or a list of shapes. */
export type OutputShape = Shape | Shape[];

interface Keras2Layer {
  name?: string;
  class_name: string;
  config: Json;
  inbound_nodes?: unknown[];
}
interface Keras2Model {
  class_name: string;
  config: Json & { layers: Keras2Layer[] };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const dtypePolicy = (name = 'float32') => ({
  module: 'keras',
  class_name: 'DTypePolicy',
  config: { name },
  registered_name: null,
});

/** Keras 3 layer classes taking a list of tensors as their single positional argument. */
const MERGE = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot']);

/** Initializers, regularizers and constraints get Keras 3's `{module, class_name, config, registered_name}`. */
function serializeObjectField(key: string, value: Json): Json {
  const module = key.endsWith('initializer')
    ? 'keras.initializers'
    : key.endsWith('regularizer')
      ? 'keras.regularizers'
      : key.endsWith('constraint')
        ? 'keras.constraints'
        : 'keras';
  const config = { ...(value.config as Json) };
  // Keras 3's VarianceScaling spells tf.keras's 'normal' as 'truncated_normal'.
  if (value.class_name === 'VarianceScaling' && config.distribution === 'normal') config.distribution = 'truncated_normal';
  return { module, class_name: value.class_name, config, registered_name: null };
}

/** Keys Keras 3 no longer writes (tfjs/Keras 2 only), or writes as a real value where tfjs writes null. */
const DROPPED = new Set(['batch_input_shape', 'input_dtype', 'implementation', 'batch_size']);

/** A layer's `config` the Keras 3 way: name, trainable and a dtype policy first, then the layer's own settings. */
function layerConfig(className: string, config: Json, buildShape?: unknown): Json {
  const out: Json = { name: config.name, trainable: config.trainable ?? true, dtype: dtypePolicy() };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'name' || key === 'trainable' || key === 'dtype' || DROPPED.has(key)) continue;
    if (key === 'unit_forget_bias' && value === null) out[key] = true;
    else if (key === 'layer' && isObject(value)) continue; // wrappers: below
    else if (isObject(value) && typeof value.class_name === 'string') out[key] = serializeObjectField(key, value);
    else out[key] = value;
  }
  if (className === 'Bidirectional' || className === 'TimeDistributed') {
    const inner = config.layer as Keras2Layer;
    const innerName = String(inner.config.name);
    // The wrapped layers were built too: on the whole input (Bidirectional) or on one time step (TimeDistributed).
    const shape = buildShape as (number | null)[] | undefined;
    if (className === 'Bidirectional') {
      // Keras 3 re-creates the wrapped layer as forward_<name> and backward_<name> (go_backwards) and writes both.
      out.layer = serializeLayer(inner.class_name, { ...inner.config, name: `forward_${innerName}` }, shape);
      out.backward_layer = serializeLayer(inner.class_name, { ...inner.config, name: `backward_${innerName}`, go_backwards: true }, shape);
    } else out.layer = serializeLayer(inner.class_name, inner.config, shape && hasBuildConfig(inner.class_name) ? [shape[0], ...shape.slice(2)] : undefined);
  }
  return out;
}

/** `serialize_keras_object(layer)`: Sequential layers are exactly this; Functional ones add name and inbound_nodes. */
function serializeLayer(className: string, config: Json, buildShape?: unknown): Json {
  if (className === 'InputLayer') {
    const batch = config.batch_input_shape ?? config.batch_shape;
    return {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: batch, dtype: config.dtype ?? 'float32', sparse: config.sparse ?? false, ragged: false, name: config.name },
      registered_name: null,
    };
  }
  return {
    module: 'keras.layers',
    class_name: className,
    config: layerConfig(className, config, buildShape),
    registered_name: null,
    ...(buildShape !== undefined ? { build_config: { input_shape: buildShape } } : {}),
  };
}

export function kerasTensor(layer: string, node: number, index: number, shape: unknown, dtype = 'float32'): Json {
  return { class_name: '__keras_tensor__', config: { shape, dtype, keras_history: [layer, node, index] } };
}

const isShapeList = (s: OutputShape): s is Shape[] => Array.isArray(s[0]);
const pick = (s: OutputShape | undefined, index: number): Shape | undefined => (s && isShapeList(s) ? s[index] : (s as Shape | undefined));

/** Keras 2 `[name, node, index, kwargs]` entries of one call → Keras 3 `{args, kwargs}`. */
function convertCall(className: string, call: unknown[], shapes: Map<string, OutputShape>, models: Map<string, string>) {
  const tensor = (ref: unknown[]) => {
    const [layer, index] = [String(ref[0]), Number(ref[2] ?? 0)];
    return kerasTensor(layer, nodeIndex(layer, Number(ref[1] ?? 0), models), index, pick(shapes.get(layer), index) ?? null);
  };
  const entries = call as unknown[][];
  const tensors = entries.map(tensor);
  const kwargs: Json = {};
  for (const entry of entries) {
    if (!isObject(entry[3])) continue;
    for (const [key, value] of Object.entries(entry[3])) kwargs[key] = Array.isArray(value) && typeof value[0] === 'string' ? tensor(value) : value;
  }
  // Keras 2 and tfjs list an RNN's initial state as more inputs; Keras 3 passes it as a keyword argument.
  if (RECURRENT.has(className) && tensors.length > 1) return { args: [tensors[0]], kwargs: { ...kwargs, initial_state: tensors.slice(1) } };
  const args = MERGE.has(className) ? [tensors] : tensors;
  return { args, kwargs };
}

const RECURRENT = new Set(['SimpleRNN', 'GRU', 'LSTM', 'Bidirectional']);

/** Build shapes: the shapes of a layer's inputs at its first call (one shape, or a list for several inputs). */
function buildShapeOf(call: unknown[] | undefined, shapes: Map<string, OutputShape>): unknown {
  if (!call || call.length === 0) return undefined;
  const inputs = (call as unknown[][]).map((ref) => pick(shapes.get(String(ref[0])), Number(ref[2] ?? 0)) ?? null);
  return inputs.length === 1 ? inputs[0] : inputs;
}

/** Keras 3 records a build_config only for layers whose build() ran with a shape: those with weights, merges, wrappers. */
const WEIGHTLESS = new Set([
  'Dropout', 'Activation', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'ReLU', 'Softmax', 'ELU', 'LeakyReLU',
  'ZeroPadding2D', 'Cropping2D', 'UpSampling2D',
]);
const hasBuildConfig = (className: string) => !WEIGHTLESS.has(className) && !/Pooling/.test(className);

/** Output shapes (with the batch axis) of one model's layers, and the same for each model nested in it, by its layer name. */
export interface ModelShapes {
  layers: Map<string, OutputShape>;
  nested: Map<string, ModelShapes>;
}

const MODELS = new Set(['Sequential', 'Functional', 'Model']);
const nameOf = (layer: Keras2Layer) => String(layer.name ?? layer.config.name);
const allNames = (layers: Keras2Layer[]): string[] =>
  layers.flatMap((l) => [nameOf(l), ...(MODELS.has(l.class_name) ? allNames((l as Keras2Model).config.layers) : [])]);

/** Keras 3 names a Sequential's added InputLayer input_layer, input_layer_1, … unique in the whole session, so in the file. */
function freshInputName(taken: Set<string>): string {
  let i = 0;
  while (taken.has(i ? `input_layer_${i}` : 'input_layer')) i++;
  const name = i ? `input_layer_${i}` : 'input_layer';
  taken.add(name);
  return name;
}

/** The batch shape a model (or layer) is first fed, which Keras 3 gives the InputLayer a Sequential adds in front of it. */
function inputBatchShape(layer: Keras2Layer): Shape {
  if (!MODELS.has(layer.class_name)) return (layer.config.batch_input_shape ?? layer.config.batch_shape) as Shape;
  const layers = (layer as Keras2Model).config.layers;
  if (layer.class_name === 'Sequential') return inputBatchShape(layers[0]);
  const [first] = layer.config.input_layers as unknown[][];
  return inputBatchShape(layers.find((l) => nameOf(l) === first[0])!);
}

/**
 * Keras 2 counts a nested model's construction as its node 0, so a call inside the outer model is node 1. Keras 3
 * models get no such node: serialize_node writes that call as node 0. get_config's input_layers/output_layers
 * still count a Functional's calls from 1 (kept_nodes = 1), a Sequential's from 0 (functional.py).
 */
function nodeIndex(layer: string, node: number, models: Map<string, string>, end = false): number {
  const model = models.get(layer);
  return model === undefined || (end && model !== 'Sequential') ? node : node - 1;
}

/**
 * Converts a Keras 2 / tfjs topology. `outputShapes` gives each layer's output shape (with the batch axis),
 * which Keras 3 writes into every tensor reference and build_config; `nested` the same for the layers of
 * each model used as a layer (the fixtures record only the outer ones).
 */
export function toKeras3(model: Keras2Model, outputShapes: Map<string, OutputShape>, nested = new Map<string, ModelShapes>()): Json {
  return convertModel(model, { layers: outputShapes, nested }, new Set(allNames(model.config.layers)), false);
}

/** `serialize_keras_object(model)`: what to_json() writes for the whole model, and the layer entry of a nested one. */
function convertModel(model: Keras2Model, shapes: ModelShapes, taken: Set<string>, isNested: boolean): Json {
  const layers = model.config.layers;
  const outputShapes = shapes.layers;
  // tfjs writes no `trainable` for a nested model: `base.trainable = false` is lost, and the fixtures write each of its
  // layers frozen instead. Keras 3's setter writes false on the model as well as on every layer in it.
  const own = layers.filter((l) => l.class_name !== 'InputLayer');
  const frozen = isNested && own.length > 0 && own.every((l) => l.config.trainable === false);
  const trainable = model.config.trainable ?? !frozen;
  const serialize = (layer: Keras2Layer, buildShape: unknown): Json => {
    if (!MODELS.has(layer.class_name)) return serializeLayer(layer.class_name, layer.config, buildShape);
    const inner = shapes.nested.get(nameOf(layer));
    if (!inner) throw new Error(`no shapes for the layers of the nested model '${nameOf(layer)}'`);
    return convertModel(layer as Keras2Model, inner, taken, true);
  };

  if (model.class_name === 'Sequential') {
    const first = layers[0];
    const batchShape = inputBatchShape(first);
    const out: Json[] = [];
    let previous: Shape = batchShape;
    for (const layer of layers) {
      if (layer.class_name === 'InputLayer') {
        out.push(serializeLayer('InputLayer', layer.config));
        continue;
      }
      out.push(serialize(layer, hasBuildConfig(layer.class_name) ? previous : undefined));
      previous = pick(outputShapes.get(nameOf(layer)), 0) ?? previous;
    }
    // Sequential.build() puts an InputLayer in front when the first layer brings only a shape (or is a model).
    if (first.class_name !== 'InputLayer') out.unshift(serializeLayer('InputLayer', { batch_shape: batchShape, name: freshInputName(taken) }));
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: { name: model.config.name, trainable, dtype: dtypePolicy(), layers: out, build_input_shape: batchShape },
      registered_name: null,
      build_config: { input_shape: batchShape },
    };
  }

  const models = new Map(layers.filter((l) => MODELS.has(l.class_name)).map((l) => [nameOf(l), l.class_name]));
  const converted = layers.map((layer) => {
    const calls = (layer.inbound_nodes ?? []) as unknown[][];
    const buildShape = hasBuildConfig(layer.class_name) ? buildShapeOf(calls[0], outputShapes) : undefined;
    return {
      ...serialize(layer, buildShape),
      name: nameOf(layer),
      inbound_nodes: calls.map((call) => convertCall(layer.class_name, call, outputShapes, models)),
    };
  });
  // Keras 3 writes a single input or output as one flat [layer, node, index], several as a list of them.
  const ends = (list: unknown) => {
    const refs = (list as unknown[][]).map(([name, node, index]) => [name, nodeIndex(String(name), Number(node), models, true), index]);
    return refs.length === 1 ? refs[0] : refs;
  };
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: model.config.name,
      trainable,
      layers: converted,
      input_layers: ends(model.config.input_layers),
      output_layers: ends(model.config.output_layers),
    },
    registered_name: 'Functional',
    // Functional.__init__ calls build(None), so every Functional, nested or not, records that.
    build_config: { input_shape: null },
  };
}

/** A `.keras` archive as Keras 3 writes it: metadata.json, config.json, model.weights.h5 (here empty). */
export function kerasArchive(config: unknown, kerasVersion = '3.10.0'): Uint8Array {
  return zipSync({
    'metadata.json': strToU8(JSON.stringify({ keras_version: kerasVersion, date_saved: '2025-06-07@22:22:37' })),
    'config.json': strToU8(JSON.stringify(config)),
    'model.weights.h5': new Uint8Array(0),
  });
}
