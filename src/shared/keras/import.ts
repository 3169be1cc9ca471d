import { isSource, kerasLayerSpec, SOURCE } from '../catalog';
import type { Design, Edge, LayerNode } from '../design';
import type { Problem } from '../problem';
import { kerasFields, type KerasLayerJson } from './layers';
import { nestModel, type ModelPart } from './nested';

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
  weightShapes?: { layer: string; name: string; shape: number[] }[];
}

type Json = Record<string, unknown>;
/** A reference to a layer's output; indices are undefined where the file holds something unreadable. */
type TensorRef = { layer: string; callIndex?: number; output?: number };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Files are untrusted: read only plain strings and numbers, never coerce other values.
const asIndex = (v: unknown) => (v === undefined ? 0 : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
const asName = (v: unknown) => (typeof v === 'string' ? v : undefined);
const MODEL_CLASSES = ['Sequential', 'Functional', 'Model'];
// Keras's MultiHeadAttention takes value and key as keyword arguments; these come after the positional ones.
const KEYWORD_ORDER = ['query', 'value', 'key'];

function orderedKeywords(kwargs: Json): string[] {
  const keys = Object.keys(kwargs);
  // Most calls have no keyword arguments: nothing to sort.
  return keys.length < 2 ? keys : keys.sort((a, b) => (KEYWORD_ORDER.indexOf(a) + 1 || 99) - (KEYWORD_ORDER.indexOf(b) + 1 || 99));
}

/** Keras 2 and TensorFlow.js: `[name, call, output, kwargs]`, kwargs possibly holding more `[name, call, output]`. */
function keras2Refs(entry: unknown, into: TensorRef[]): void {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') return;
  into.push({ layer: entry[0], callIndex: asIndex(entry[1]), output: asIndex(entry[2]) });
  const kwargs = entry[3];
  if (isObject(kwargs)) for (const key of orderedKeywords(kwargs)) keras2Refs(kwargs[key], into);
}

/** Keras 3: `__keras_tensor__` objects anywhere inside a call's args and kwargs. */
function keras3Refs(value: unknown, into: TensorRef[]): void {
  if (Array.isArray(value)) {
    for (const item of value) keras3Refs(item, into);
    return;
  }
  if (!isObject(value)) return;
  if (value.class_name === '__keras_tensor__') {
    const history = isObject(value.config) ? value.config.keras_history : undefined;
    if (Array.isArray(history) && typeof history[0] === 'string')
      into.push({ layer: history[0], callIndex: asIndex(history[1]), output: asIndex(history[2]) });
  } else if ('args' in value || 'kwargs' in value) {
    keras3Refs(value.args, into);
    if (isObject(value.kwargs)) for (const key of orderedKeywords(value.kwargs)) keras3Refs(value.kwargs[key], into);
  }
}

/** The tensors one call of a layer reads, in order. */
function callRefs(call: unknown): TensorRef[] {
  const refs: TensorRef[] = [];
  if (isObject(call)) keras3Refs(call, refs);
  else if (Array.isArray(call)) for (const entry of call) keras2Refs(entry, refs);
  return refs;
}

function toNode(layer: KerasLayerJson, name: string, frozenModel: boolean, warnings: string[]): LayerNode {
  const config = isObject(layer.config) ? layer.config : {};
  const spec = kerasLayerSpec(layer.class_name);
  const type = spec?.type ?? layer.class_name;
  const unknown = (key: string) =>
    warnings.push(`${layer.class_name} '${name}': config key '${key}' is not known and was ignored — the count may be wrong`);
  const fields = spec ? kerasFields(spec, config, unknown) : {};
  const frozen = frozenModel || config.trainable === false;
  return { id: name, name, type, fields, ...(frozen ? { trainable: false } : {}) };
}

const layerName = (layer: KerasLayerJson, index: number) =>
  asName(layer.name) ?? asName(layer.config?.name) ?? `${layer.class_name}_${index}`;

/** Reads a model Keras wrote with `model.to_json()` (Keras 2 or 3) or TensorFlow.js wrote with `toJSON()`. */
export function importKerasModel(json: unknown): ImportResult {
  try {
    const { design, problems, warnings, modelName } = readModel(json);
    return { design, problems, warnings, ...(modelName ? { modelName } : {}) };
  } catch (error) {
    // Files are untrusted and the reader is plain code: if it still fails, the user gets a message, not a crash.
    const message = `could not read the model: ${(error as Error).message} (a Paramsketch bug: please report the file)`;
    return { design: { nodes: [], edges: [] }, problems: [{ path: [], message }], warnings: [] };
  }
}

function readModel(json: unknown): ModelPart & { modelName?: string } {
  const empty = (message: string, path: string[] = []) => ({
    design: { nodes: [], edges: [] },
    problems: [{ path, message }],
    warnings: [],
    inputs: [],
    outputs: [],
  });
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
  const part = nestModels(build(layers as KerasLayerJson[], config ?? {}, frozen), layers as KerasLayerJson[]);
  return { ...part, ...(modelName ? { modelName } : {}) };
}

/** Models used as layers become blocks, read recursively. */
function nestModels(part: ModelPart, layers: KerasLayerJson[]): ModelPart {
  let { design } = part;
  const problems = [...part.problems];
  const warnings = [...part.warnings];
  layers.forEach((layer, i) => {
    if (!MODEL_CLASSES.includes(layer.class_name)) return;
    const placeholder = design.nodes.find((node) => node.id === layerName(layer, i))!;
    const inner = readModel(layer);
    design = nestModel(design, placeholder, inner);
    problems.push(...inner.problems.map((p) => ({ ...p, path: [placeholder.id, ...p.path] })));
    warnings.push(...inner.warnings.map((w) => `${placeholder.id}: ${w}`));
  });
  return { ...part, design, problems, warnings };
}

function sequential(layers: KerasLayerJson[], config: Json, frozen: boolean): ModelPart {
  const warnings: string[] = [];
  const nodes = layers.map((layer, i) => toNode(layer, layerName(layer, i), frozen, warnings));
  const problems: Problem[] = [];
  // A nested model first in line brings its own input.
  const fedFromInside = isSource(nodes[0]?.type) || MODEL_CLASSES.includes(nodes[0]?.type);
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
  return {
    design: { nodes, edges },
    problems,
    warnings,
    inputs: isSource(nodes[0]?.type) ? [nodes[0].id] : [],
    outputs: last ? [{ id: last.id, port: 0 }] : [],
  };
}

/** `[[name, call, output], …]` (or one such triple) from input_layers / output_layers. */
function endpoints(value: unknown): { id: string; port: number }[] {
  if (!Array.isArray(value)) return [];
  const list = typeof value[0] === 'string' ? [value] : value;
  return list.flatMap((entry) =>
    Array.isArray(entry) && typeof entry[0] === 'string' ? [{ id: entry[0], port: asIndex(entry[2]) ?? 0 }] : [],
  );
}

function functional(layers: KerasLayerJson[], config: Json, frozen: boolean): ModelPart {
  const names = layers.map(layerName);
  const edges: Edge[] = [];
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const nodes = layers.map((layer, i) => toNode(layer, names[i], frozen, warnings));
  layers.forEach((layer, i) => {
    const calls = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : [];
    if (calls.length > 1)
      warnings.push(`'${names[i]}' is called ${calls.length} times (shared weights, counted once); the graph shows its first call`);
    for (const ref of calls.length ? callRefs(calls[0]) : []) {
      if (ref.callIndex === undefined || ref.output === undefined) {
        problems.push({ path: [names[i], 'inputs'], message: `an input from '${ref.layer}' has node or tensor indices that are not whole numbers` });
        continue;
      }
      // An edge from a layer the model lacks is the evaluator's to report, as for any design.
      const edge: Edge = { from: ref.layer, to: names[i] };
      if (ref.output) edge.fromPort = ref.output;
      edges.push(edge);
    }
  });
  const inputs = endpoints(config.input_layers).map((end) => end.id);
  return {
    design: { nodes, edges },
    problems,
    warnings,
    inputs: inputs.length ? inputs : nodes.filter((node) => isSource(node.type)).map((node) => node.id),
    outputs: endpoints(config.output_layers),
  };
}
