import { CUSTOM, isSource, kerasLayerSpec, SOURCE } from '../catalog';
import type { Design, Edge, LayerNode } from '../design';
import type { Problem } from '../problem';
import { kerasFields, type KerasLayerJson, type KerasMajor } from './layers';
import { functionalGraph } from './functional';
import { manifestWeights, withFileParams, type FileWeight } from './weight-check';
import { MODEL_CLASSES, nestModel, type ModelPart } from './nested';
import { MAX_NESTING } from '../blocks/work';

export interface ImportResult {
  design: Design;
  /** The model's own name, when the file has one. */
  modelName?: string;
  /** Problems with the file itself; problems of single layers come from evaluating the design. */
  problems: Problem[];
  /** What was imported only approximately (e.g. a layer called twice). */
  warnings: string[];
  /**
   * The shapes of the weights stored in the file, by top-level layer in file order, when the file holds
   * weights (a Keras .h5): what the file itself says the counts are, to check the imported design against.
   */
  weightShapes?: FileWeight[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asName = (v: unknown) => (typeof v === 'string' ? v : undefined);

function toNode(layer: KerasLayerJson, name: string, frozenModel: boolean, warnings: string[], major: KerasMajor): LayerNode {
  const config = isObject(layer.config) ? layer.config : {};
  const spec = kerasLayerSpec(layer.class_name);
  const type = spec?.type ?? layer.class_name;
  const unknown: string[] = [];
  const fields = spec ? kerasFields(spec, config, unknown, major) : {};
  for (const key of unknown) warnings.push(`${layer.class_name} '${name}': config key '${key}' is not known and was ignored — the count may be wrong`);
  const frozen = frozenModel || config.trainable === false;
  // A class the catalog does not know stays in the graph as a custom layer, to be given its shape and count.
  if (!spec && !MODEL_CLASSES.includes(layer.class_name))
    return { id: name, name, type: CUSTOM.type, fields: { class_name: layer.class_name }, ...(frozen ? { trainable: false } : {}) };
  return { id: name, name, type, fields, ...(frozen ? { trainable: false } : {}) };
}

const layerName = (layer: KerasLayerJson, index: number) =>
  asName(layer.name) ?? asName(layer.config?.name) ?? `${layer.class_name}_${index}`;

/**
 * Reads a model Keras wrote with `model.to_json()` (Keras 1, 2 or 3) or TensorFlow.js wrote with `toJSON()`.
 * `fileWeights`: the weights the file holds besides (an .h5's); a TensorFlow.js model.json's manifest is read
 * here. Custom layers take their counts from them, and the report checks every layer against them.
 */
export function importKerasModel(json: unknown, fileWeights?: FileWeight[]): ImportResult {
  try {
    const model = unwrapped(json);
    const { design, problems, warnings, modelName } = readModel(model, kerasMajor(model));
    const weightShapes = fileWeights ?? (isObject(model) ? manifestWeights(model.weightsManifest, design) : undefined);
    const counted = weightShapes ? withFileParams(design, weightShapes) : design;
    return { design: counted, problems, warnings, ...(modelName ? { modelName } : {}), ...(weightShapes ? { weightShapes } : {}) };
  } catch (error) {
    // Files are untrusted and the reader is plain code: if it still fails, the user gets a message, not a crash.
    const message = `could not read the model: ${(error as Error).message} (a Paramsketch bug: please report the file)`;
    return { design: { nodes: [], edges: [] }, problems: [{ path: [], message }], warnings: [] };
  }
}

/**
 * Which Keras wrote the model: its `keras_version` where it says (to_json, TensorFlow.js), else Keras 3 where
 * its InputLayer says `batch_shape` or its calls hold `__keras_tensor__`s (Keras 3's own spellings), else 2.
 */
function kerasMajor(model: unknown): KerasMajor {
  const top = isObject(model) && isObject(model.modelTopology) ? model.modelTopology : model;
  const version = isObject(top) ? top.keras_version : undefined;
  if (typeof version === 'string' && /^[123]\./.test(version)) return Number(version[0]) as KerasMajor;
  const config = isObject(top) ? top.config : undefined;
  const layers = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : [];
  const keras3 = (layer: unknown) =>
    isObject(layer) &&
    ((isObject(layer.config) && 'batch_shape' in layer.config) || (Array.isArray(layer.inbound_nodes) && isObject(layer.inbound_nodes[0])));
  return layers.some(keras3) ? 3 : 2;
}

/**
 * Keras 1 wrote `dim_ordering` on convolutions and poolings, but never on ZeroPadding, Cropping or UpSampling,
 * which took the machine's default (keras.json): the model's own layers say which that was. Those layers get
 * the ordering the others were written with (a Theano model's 'th').
 */
function withKeras1Ordering(layers: KerasLayerJson[]): KerasLayerJson[] {
  const said = layers.find((l) => isObject(l.config) && typeof l.config.dim_ordering === 'string')?.config?.dim_ordering;
  if (said !== 'th') return layers;
  return layers.map((layer) => {
    const config = isObject(layer.config) ? layer.config : undefined;
    const reads = kerasLayerSpec(layer.class_name)?.fields.some((f) => f.name === 'data_format');
    return config && reads && !('dim_ordering' in config) && !('data_format' in config) ? { ...layer, config: { ...config, dim_ordering: said } } : layer;
  });
}

/** `json.dump(model.to_json())` writes the model as a JSON string inside JSON: read it once more. */
function unwrapped(json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

const empty = (message: string, path: string[] = []): ModelPart => ({
  design: { nodes: [], edges: [] },
  problems: [{ path, message }],
  warnings: [],
  inputs: [],
  outputs: [],
});

/** How deep the model being read is nested in others: read recursively, so bounded (Sequentials 2,000 deep overflowed the stack). */
let nesting = 0;

function readModel(json: unknown, major: KerasMajor): ModelPart & { modelName?: string } {
  if (nesting >= MAX_NESTING) return empty(`models are nested more than ${MAX_NESTING} deep here; Paramsketch reads up to ${MAX_NESTING} levels`);
  nesting++;
  try {
    return readModelHere(json, major);
  } finally {
    nesting--;
  }
}

function readModelHere(json: unknown, major: KerasMajor): ModelPart & { modelName?: string } {
  let model = json;
  // TensorFlow.js model.json and Keras HDF5 attributes wrap the model.
  if (isObject(model) && isObject(model.modelTopology)) model = model.modelTopology;
  if (isObject(model) && isObject(model.model_config)) model = model.model_config;
  if (!isObject(model)) return empty('not a Keras model: expected a JSON object with class_name and config');
  const className = asName(model.class_name);
  if (!className || !MODEL_CLASSES.includes(className))
    return empty(`not a Keras model: class_name is ${className ? `'${className}'` : 'missing'}, expected Sequential, Functional or Model`, ['class_name']);
  const config = Array.isArray(model.config) ? { layers: model.config } : (model.config as Json | undefined);
  const layers = config?.layers;
  if (!Array.isArray(layers)) return empty('the model has no layer list (config.layers)', ['config', 'layers']);
  const bad = layers.findIndex((l) => !isObject(l) || typeof l.class_name !== 'string');
  if (bad >= 0) return empty(`layer ${bad} has no class_name`, ['config', 'layers', String(bad)]);
  const unnamed = layers.findIndex((l) => l.name !== undefined && typeof l.name !== 'string');
  if (unnamed >= 0) return empty(`layer ${unnamed} has a name that is not text`, ['config', 'layers', String(unnamed), 'name']);

  const frozen = config?.trainable === false;
  const modelName = typeof config?.name === 'string' ? config.name : undefined;
  const build = className === 'Sequential' ? sequential : functional;
  const read = major === 1 ? withKeras1Ordering(layers as KerasLayerJson[]) : (layers as KerasLayerJson[]);
  const part = nestModels(build(read, config ?? {}, frozen, major), read, major);
  return { ...part, ...(modelName ? { modelName } : {}) };
}

/** Models used as layers become blocks, read recursively. */
function nestModels(part: ModelPart, layers: KerasLayerJson[], major: KerasMajor): ModelPart {
  let { design } = part;
  const problems = [...part.problems];
  const warnings = [...part.warnings];
  layers.forEach((layer, i) => {
    if (!MODEL_CLASSES.includes(layer.class_name)) return;
    const placeholder = design.nodes.find((node) => node.id === layerName(layer, i))!;
    const inner = readModel(layer, major);
    design = nestModel(design, placeholder, inner);
    problems.push(...inner.problems.map((p) => ({ ...p, path: [placeholder.id, ...p.path] })));
    warnings.push(...inner.warnings.map((w) => `${placeholder.id}: ${w}`));
  });
  return { ...part, design, problems, warnings };
}

/** Keras 1's Merge of Sequentials: a first layer whose config holds the branch models it merges. */
const branchModels = (layer: KerasLayerJson | undefined): Json[] => {
  const inner = layer && isObject(layer.config) ? layer.config.layers : undefined;
  return Array.isArray(inner) ? inner.filter((m): m is Json => isObject(m) && MODEL_CLASSES.includes(m.class_name as string)) : [];
};

/**
 * The branches of a Keras 1 merge, each read as a model whose layers join the design (Keras 1's summary
 * lists them as rows of the model) and whose output feeds the merge, in order.
 */
function branches(layer: KerasLayerJson | undefined, merge: LayerNode | undefined, problems: Problem[], warnings: string[], major: KerasMajor): Design {
  const design: Design = { nodes: [], edges: [] };
  for (const model of branchModels(layer)) {
    const branch = readModel(model, major);
    problems.push(...branch.problems);
    warnings.push(...branch.warnings);
    design.nodes.push(...branch.design.nodes);
    design.edges.push(...branch.design.edges);
    const out = branch.outputs[0];
    if (out && merge) design.edges.push({ from: out.id, to: merge.id, ...(out.port ? { fromPort: out.port } : {}) });
  }
  return design;
}

function sequential(layers: KerasLayerJson[], config: Json, frozen: boolean, major: KerasMajor): ModelPart {
  const warnings: string[] = [];
  const nodes = layers.map((layer, i) => toNode(layer, layerName(layer, i), frozen, warnings, major));
  const problems: Problem[] = [];
  // A nested model first in line brings its own input, as do the branch models of a Keras 1 merge.
  const fedFromInside = isSource(nodes[0]?.type) || MODEL_CLASSES.includes(nodes[0]?.type) || branchModels(layers[0]).length > 0;
  if (!fedFromInside) {
    // The first layer's config says the input's shape as an InputLayer's would (batch_input_shape…).
    const first = layers[0] && isObject(layers[0].config) ? kerasFields(SOURCE, layers[0].config) : undefined;
    const built = Array.isArray(config.build_input_shape) ? kerasFields(SOURCE, { batch_input_shape: config.build_input_shape }) : undefined;
    const input = first?.shape ? first : built;
    if (input?.shape) nodes.unshift({ id: `${nodes[0]?.id ?? 'model'}_input`, type: SOURCE.type, fields: input });
    else problems.push({ path: ['config', 'layers', '0'], message: 'the model never says its input shape (no InputLayer, batch_input_shape or build_input_shape)' });
  }
  const edges: Edge[] = nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id }));
  const last = nodes[nodes.length - 1];
  const branched = branches(layers[0], nodes[0], problems, warnings, major);
  return {
    design: { nodes: [...branched.nodes, ...nodes], edges: [...branched.edges, ...edges] },
    problems,
    warnings,
    inputs: isSource(nodes[0]?.type) ? [nodes[0].id] : [],
    outputs: last ? [{ id: last.id, port: 0 }] : [],
  };
}

function functional(layers: KerasLayerJson[], config: Json, frozen: boolean, major: KerasMajor): ModelPart {
  const names = layers.map(layerName);
  const warnings: string[] = [];
  const nodes = layers.map((layer, i) => toNode(layer, names[i], frozen, warnings, major));
  const part = functionalGraph(layers, names, nodes, config);
  return { ...part, warnings: [...warnings, ...part.warnings] };
}
