// A Functional model's graph, from each layer's inbound_nodes (Keras 2, Keras 3 and TensorFlow.js spell them
// differently). A layer called several times (a shared layer) is one node per call: the first holds the
// weights, the others are tied to it (counted once, as Keras counts them), each wired as Keras wired it.
import { CUSTOM, isSource, kerasLayerSpec } from '../catalog';
import type { Edge, LayerNode } from '../design';
import { freshId } from '../edit/names';
import type { Problem } from '../problem';
import { MODEL_CLASSES, type ModelPart } from './nested';
import type { KerasLayerJson } from './layers';

type Json = Record<string, unknown>;
type Shape = (number | null)[];
/** A reference to a layer's output; indices are undefined where the file holds something unreadable. */
interface TensorRef {
  layer: string;
  callIndex?: number;
  output?: number;
  /** Keras 3 writes each tensor's shape (batch axis first) beside where it came from. */
  shape?: Shape;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Files are untrusted: read only plain strings and numbers, never coerce other values.
const asIndex = (v: unknown) => (v === undefined ? 0 : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
const asShape = (v: unknown): Shape | undefined =>
  Array.isArray(v) && v.every((d) => d === null || (typeof d === 'number' && Number.isSafeInteger(d) && d > 0)) ? (v as Shape) : undefined;

/** Keyword arguments in the order the called layer takes its inputs (its spec's kerasKeywords), unknown ones last. */
function orderedKeywords(kwargs: Json, keywords: readonly string[]): string[] {
  const keys = Object.keys(kwargs);
  // Most calls have no keyword arguments: nothing to sort.
  return keys.length < 2 ? keys : keys.sort((a, b) => (keywords.indexOf(a) + 1 || 99) - (keywords.indexOf(b) + 1 || 99));
}

/** Keras 2 and TensorFlow.js: `[name, call, output, kwargs]`, kwargs possibly holding more `[name, call, output]`. */
function keras2Refs(entry: unknown, into: TensorRef[], keywords: readonly string[]): void {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') return;
  into.push({ layer: entry[0], callIndex: asIndex(entry[1]), output: asIndex(entry[2]) });
  const kwargs = entry[3];
  if (isObject(kwargs)) for (const key of orderedKeywords(kwargs, keywords)) keras2Refs(kwargs[key], into, keywords);
}

/** Keras 3: `__keras_tensor__` objects anywhere inside a call's args and kwargs. */
function keras3Refs(value: unknown, into: TensorRef[], keywords: readonly string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) keras3Refs(item, into, keywords);
    return;
  }
  if (!isObject(value)) return;
  if (value.class_name === '__keras_tensor__') {
    const config = isObject(value.config) ? value.config : {};
    const history = config.keras_history;
    if (Array.isArray(history) && typeof history[0] === 'string')
      into.push({ layer: history[0], callIndex: asIndex(history[1]), output: asIndex(history[2]), shape: asShape(config.shape) });
  } else if ('args' in value || 'kwargs' in value) {
    keras3Refs(value.args, into, keywords);
    if (isObject(value.kwargs)) for (const key of orderedKeywords(value.kwargs, keywords)) keras3Refs(value.kwargs[key], into, keywords);
  }
}

/** The tensors one call of a layer reads, in order. */
function callRefs(call: unknown, keywords: readonly string[]): TensorRef[] {
  const refs: TensorRef[] = [];
  if (isObject(call)) keras3Refs(call, refs, keywords);
  // tf.keras writes a TF op's call on one tensor as that one entry, not a list of entries.
  else if (Array.isArray(call) && typeof call[0] === 'string') keras2Refs(call, refs, keywords);
  else if (Array.isArray(call)) for (const entry of call) keras2Refs(entry, refs, keywords);
  return refs;
}

const isTensorRef = (v: unknown) => (Array.isArray(v) && typeof v[0] === 'string') || (isObject(v) && v.class_name === '__keras_tensor__');

/** The constant arguments of a call (tf.keras: the entries' kwargs; Keras 3: kwargs), tensors left out. */
function callArguments(call: unknown): Json {
  const args: Json = {};
  const take = (kwargs: unknown) => {
    if (isObject(kwargs)) for (const key in kwargs) if (!isTensorRef(kwargs[key]) && !(key in args)) args[key] = kwargs[key];
  };
  if (isObject(call)) take(call.kwargs);
  else if (Array.isArray(call) && typeof call[0] === 'string') take(call[3]);
  else if (Array.isArray(call)) for (const entry of call) if (Array.isArray(entry)) take(entry[3]);
  return args;
}

/** Layers whose settings are partly in how they were called (a TF op's axis): those go into the node's fields. */
function withCallArguments(node: LayerNode, layer: KerasLayerJson): LayerNode {
  const spec = kerasLayerSpec(layer.class_name);
  const first = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes[0] : undefined;
  if (!spec?.fromKerasCall || first === undefined) return node;
  return { ...node, fields: { ...node.fields, ...spec.fromKerasCall(callArguments(first)) } };
}

/** `[[name, call, output], …]` (or one such triple) from input_layers / output_layers. */
function endpoints(value: unknown): TensorRef[] {
  if (!Array.isArray(value)) return [];
  const list = typeof value[0] === 'string' ? [value] : value;
  return list.flatMap((entry) =>
    Array.isArray(entry) && typeof entry[0] === 'string' ? [{ layer: entry[0], callIndex: asIndex(entry[1]), output: asIndex(entry[2]) }] : [],
  );
}

/** A custom layer's output shape, where a Keras 3 file says it (the shape of a tensor read from it). */
function shapeCustomLayers(nodes: LayerNode[], refs: TensorRef[], nodeOf: (ref: TensorRef) => string): void {
  const shapes = new Map<string, Shape>();
  for (const ref of refs) if (ref.shape && !ref.output) shapes.set(nodeOf(ref), ref.shape);
  nodes.forEach((node, i) => {
    const shape = shapes.get(node.id);
    if (node.type === CUSTOM.type && shape && !node.fields?.output_shape) nodes[i] = { ...node, fields: { ...node.fields, output_shape: shape.slice(1) } };
  });
}

const NO_KEYWORDS: readonly string[] = [];

/** The keywords a layer's inputs after the first may be passed by, in its input order. */
function keywordsOf(className: string): readonly string[] {
  const spec = kerasLayerSpec(className);
  return spec?.kerasKeywords || spec?.kerasFirstKeyword ? [spec.kerasFirstKeyword ?? '', ...(spec.kerasKeywords ?? [])] : NO_KEYWORDS;
}

/**
 * The graph of a Functional model whose layers are `nodes` (one per layer, by `names`): the first call of
 * each layer is its node; later calls become nodes tied to it. Plain loops: a file may hold 10,000 layers.
 */
export function functionalGraph(layers: KerasLayerJson[], names: string[], firstCalls: LayerNode[], config: Json): ModelPart {
  const nodes = firstCalls.map((node, i) => withCallArguments(node, layers[i]));
  const edges: Edge[] = [];
  const problems: Problem[] = [];
  const warnings: string[] = [];
  /** Node ids by layer name, one per call, for the layers called more than once. */
  const shared = new Map<string, string[]>();
  let taken: Set<string> | undefined;
  for (let i = 0; i < layers.length; i++) {
    const count = Array.isArray(layers[i].inbound_nodes) ? layers[i].inbound_nodes!.length : 0;
    if (count < 2) continue;
    if (MODEL_CLASSES.includes(layers[i].class_name)) {
      warnings.push(`'${names[i]}' (a nested model) is called ${count} times; the graph shows its first call`);
      continue;
    }
    taken ??= new Set(names);
    const ids = [names[i]];
    for (let k = 1; k < count; k++) {
      const id = freshId(`${names[i]}_call${k + 1}`, taken);
      taken.add(id);
      ids.push(id);
      nodes.push({ ...nodes[i], id, name: `${names[i]} (call ${k + 1})`, tiedTo: names[i] });
    }
    shared.set(names[i], ids);
  }
  const nodeOf = (ref: TensorRef) => (shared.size ? shared.get(ref.layer)?.[ref.callIndex ?? 0] : undefined) ?? ref.layer;
  const shaped: TensorRef[] = [];
  for (let i = 0; i < layers.length; i++) {
    const inbound = Array.isArray(layers[i].inbound_nodes) ? layers[i].inbound_nodes! : [];
    if (!inbound.length) continue;
    const keywords = keywordsOf(layers[i].class_name);
    const ids = shared.get(names[i]) ?? [names[i]];
    for (let k = 0; k < ids.length; k++) {
      for (const ref of callRefs(inbound[k], keywords)) {
        if (ref.callIndex === undefined || ref.output === undefined) {
          problems.push({ path: [ids[k], 'inputs'], message: `an input from '${ref.layer}' has node or tensor indices that are not whole numbers` });
          continue;
        }
        if (ref.shape) shaped.push(ref);
        // An edge from a layer the model lacks is the evaluator's to report, as for any design.
        const edge: Edge = { from: nodeOf(ref), to: ids[k] };
        if (ref.output) edge.fromPort = ref.output;
        edges.push(edge);
      }
    }
  }
  if (shaped.length) shapeCustomLayers(nodes, shaped, nodeOf);
  const inputs = endpoints(config.input_layers).map(nodeOf);
  return {
    design: { nodes, edges },
    problems,
    warnings,
    inputs: inputs.length ? inputs : nodes.filter((node) => isSource(node.type)).map((node) => node.id),
    outputs: endpoints(config.output_layers).map((ref) => ({ id: nodeOf(ref), port: ref.output ?? 0 })),
  };
}
