import { layerSpec } from '../catalog';
import { isDefault, resolveFields } from '../catalog/fields';
import type { FieldSpec, FieldValues, LayerSpec, NestedContext } from '../catalog/types';
import { pytorchName } from '../catalog/torch-names';
import { countLayersExact, inlineBlocks } from '../blocks/inline';
import { expansionProblem, MAX_LISTED_LAYERS } from '../blocks/work';
import type { Design, FieldValue, LayerNode } from '../design';
import { evaluateDesign, listProblems, type Evaluation } from '../evaluate';
import type { Topology } from '../graph';
import type { Problem } from '../problem';
import type { Tensor } from '../tensor';
import { kerasLayerNames, kerasName } from './names';

type Json = Record<string, unknown>;

export type KerasExport = { json: Json } | { problems: Problem[] };

export interface KerasExportOptions {
  /** The model's name in the file (made valid for Keras); `model` without one. */
  name?: string;
}

/**
 * What the file says wrote it. Keras reads this only to convert weights saved by Keras 1, and a
 * topology without weights has none; the format written is Keras 2's, as TensorFlow.js writes it too.
 */
const KERAS_VERSION = '2.15.0';

// Values are deep-copied into the file: resolved fields share arrays with the catalog's defaults, and a
// caller may well change the JSON it is handed.
const plain = (v: unknown): unknown => (Array.isArray(v) ? v.map(plain) : v);

/** An RNN cell is a layer of its own in Keras, but Keras calls it only inside an RNN layer, never on a tensor. */
function refuseCell(spec: LayerSpec, path: string[], problems: Problem[]): void {
  if (spec.cell)
    problems.push({ path, message: `${spec.type} is an RNN cell: Keras runs one only inside an RNN layer`, hint: 'put it in an RNN layer (its cell)' });
}

/** Layers Keras has no class for are refused with their path, rather than written under a name Keras cannot load. */
function refuse(spec: LayerSpec, path: string[], problems: Problem[]): void {
  if (spec.keras !== false) return;
  const pytorch = pytorchName(spec) ? ` (PyTorch's ${pytorchName(spec)})` : '';
  problems.push({
    path,
    message: `${spec.type}${pytorch} has no Keras equivalent; Keras JSON cannot hold it`,
    hint: 'replace it with layers Keras has',
  });
}

const kerasClass = (spec: LayerSpec) => spec.kerasClass ?? spec.type;

/**
 * A layer's fields under their Keras names, in Keras's spelling. `frozen`: the layers it wraps are written
 * frozen too, as Keras writes them (TensorFlow.js reads a wrapper's trainable from its wrapped layer).
 */
function layerConfig(spec: LayerSpec, values: FieldValues, path: string[], problems: Problem[], frozen = false): Json {
  const config: Json = {};
  for (const field of spec.fields) {
    const key = field.keras ?? field.name;
    const value = values[field.name];
    if (field.pytorchOnly) {
      // Keras has no such setting: nothing to write at its default, and any other value cannot be written.
      if (!isDefault(field, value as FieldValue))
        problems.push({
          path: [...path, field.name],
          message: `${field.name} = ${JSON.stringify(value)} is a PyTorch setting${pytorchName(spec) ? ` (${pytorchName(spec)})` : ''}; Keras's ${kerasClass(spec)} has none`,
          hint: `set ${field.name} back to ${JSON.stringify(field.default)}${field.help ? ` (${field.help})` : ''}`,
        });
      continue;
    }
    if (field.kind === 'layer') {
      // A wrapped layer left at None (backward_layer: a copy of layer) is written as Keras writes it: not at all.
      if (value) config[key] = wrappedLayer(value as NestedContext, field, [...path, field.name], problems, frozen);
      continue;
    }
    const written = field.toKeras ? field.toKeras(value as FieldValue, values) : value;
    if (written !== undefined) config[key] = plain(written);
  }
  return spec.toKerasConfig ? spec.toKerasConfig(config) : config;
}

/** A wrapped layer (Bidirectional's, TimeDistributed's), nested as Keras nests it: `{class_name, config}`. */
function wrappedLayer(inner: NestedContext, field: Extract<FieldSpec, { kind: 'layer' }>, path: string[], problems: Problem[], frozen: boolean): Json {
  refuse(inner.spec, path, problems);
  const config = { ...layerConfig(inner.spec, inner.values, path, problems, frozen), ...field.kerasConfig, ...(frozen ? { trainable: false } : {}) };
  return { class_name: kerasClass(inner.spec), config };
}

/** A tensor as inbound_nodes refer to it: [layer, call, output]; every layer here is called once. */
type TensorRef = [string, number, number];

/**
 * One call's inbound node: `[[layer, 0, output, kwargs], …]`. Layers that take later inputs as keyword
 * arguments (MultiHeadAttention's value and key) get them in the first entry's kwargs, as Keras 2 writes.
 */
function inboundNode(spec: LayerSpec, refs: TensorRef[]): unknown[] {
  const keywords = spec.kerasKeywords ?? [];
  const named = refs.slice(1, 1 + keywords.length);
  if (!named.length) return refs.map((r) => [...r, {}]);
  const kwargs = Object.fromEntries(named.map((r, i) => [keywords[i], r]));
  return [[...refs[0], kwargs], ...refs.slice(1 + named.length).map((r) => [...r, {}])];
}

/** Design order where every layer already follows its inputs (files read in), else sources first, as Keras writes. */
function layerOrder(topology: Topology): number[] {
  const { nodeIndex, positionOfIndex, inputStart, inputSource } = topology;
  const designOrder = Array.from(positionOfIndex).filter((p) => p >= 0);
  const followsInputs = designOrder.every((p) => {
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) if (nodeIndex[inputSource[k]] >= nodeIndex[p]) return false;
    return true;
  });
  return followsInputs ? designOrder : designOrder.map((_, p) => p);
}

/** A layer Keras 3 calls on fewer inputs than Keras 2 and TensorFlow.js can (the evaluation reports fewer than any takes). */
function tooFewInputs(spec: LayerSpec, count: number, id: string): Problem[] {
  const min = spec.kerasMinInputs ?? 0;
  if (count >= min || count < spec.inputs.min) return [];
  const message = `${spec.type} on ${count} input${count === 1 ? '' : 's'} cannot be written: Keras 2 and TensorFlow.js take at least ${min}`;
  return [{ path: [id, 'inputs'], message, hint: 'connect another input, or remove the layer' }];
}

/** Problems that keep the design out of a Keras file: its own (evaluated as Keras counts), and what Keras lacks. */
function designProblems(design: Design): { problems: Problem[]; evaluation: Evaluation } {
  const evaluation = evaluateDesign(design, { convention: 'keras' });
  const { positionOfIndex, inputStart } = evaluation.topology;
  const problems = [...listProblems(evaluation)];
  design.nodes.forEach((node, i) => {
    const [spec, p] = [layerSpec(node.type), positionOfIndex[i]];
    if (!spec || p < 0) return;
    refuse(spec, [node.id], problems);
    refuseCell(spec, [node.id], problems);
    problems.push(...tooFewInputs(spec, inputStart[p + 1] - inputStart[p], node.id));
    if (node.tiedTo !== undefined && !isCallOf(design, node))
      problems.push({
        path: [node.id, 'tiedTo'],
        message: `is tied to '${node.tiedTo}': a Keras model file cannot say so, and would count its weights twice`,
        hint: 'untie it to export, or export to a Paramsketch file',
      });
  });
  if (!design.nodes.length) problems.push({ path: [], message: 'the design has no layers: there is no model to write' });
  return { problems, evaluation };
}

/**
 * A node tied to a layer of its own type and fields is a further call of that layer (a shared layer, as a
 * Keras file is read): Keras writes it as one layer with an inbound node per call.
 */
function isCallOf(design: Design, node: LayerNode): boolean {
  const owner = node.tiedTo === undefined ? undefined : design.nodes.find((n) => n.id === node.tiedTo);
  return (
    owner !== undefined &&
    owner.tiedTo === undefined &&
    owner.type === node.type &&
    (owner.trainable !== false) === (node.trainable !== false) &&
    JSON.stringify(owner.fields ?? {}) === JSON.stringify(node.fields ?? {})
  );
}

/** Where each position's outputs are in the file: its layer's name and which of that layer's calls it is. */
interface Calls {
  /** The positions of each written layer's calls, the layer's own first. */
  of: Map<number, number[]>;
  /** Position → [the position of the layer written for it, its call index]. */
  at: Map<number, [number, number]>;
}

function callsOf(evaluation: Evaluation, order: number[]): Calls {
  const { design, topology } = evaluation;
  const of = new Map<number, number[]>();
  const at = new Map<number, [number, number]>();
  const positionOf = (id: string) => topology.positionOfIndex[design.nodes.findIndex((n) => n.id === id)];
  for (const p of order) {
    const node = design.nodes[topology.nodeIndex[p]];
    const owner = isCallOf(design, node) ? positionOf(node.tiedTo!) : p;
    const calls = of.get(owner) ?? [];
    if (!of.has(owner)) of.set(owner, calls);
    at.set(p, [owner, calls.length]);
    calls.push(p);
  }
  // A call met before its layer: the layer's own call first, as the node that holds the weights.
  for (const [owner, calls] of of) if (calls[0] !== owner) calls.sort((a, b) => (a === owner ? -1 : b === owner ? 1 : 0));
  for (const [owner, calls] of of) calls.forEach((p, k) => at.set(p, [owner, k]));
  return { of, at };
}

/** One layer as the file holds it: its class, its config and an inbound node per call. */
function writeLayer(evaluation: Evaluation, p: number, nameAt: (p: number) => string, calls: Calls, problems: Problem[]): Json {
  const { design, topology, results } = evaluation;
  const node = design.nodes[topology.nodeIndex[p]];
  const own = layerSpec(node.type)!;
  const resolved = resolveFields(own, node.fields ?? {}, layerSpec);
  // The evaluation found nothing wrong with the fields, so this cannot happen; if it does, it is a bug to report.
  if (Array.isArray(resolved)) throw new Error(`the fields of '${node.id}' did not resolve`);
  // A layer later Keras spells as another (Keras 1's Merge) is written as that one.
  const { spec, values } = own.kerasAs ? own.kerasAs(resolved) : { spec: own, values: resolved };
  const config = layerConfig(spec, values, [node.id], problems, node.trainable === false);
  // Keras's InputLayer refuses the key (and has nothing to freeze).
  if (node.trainable === false && spec.inputs.max > 0) config.trainable = false;
  const callRefs = (q: number): TensorRef[] => {
    const refs: TensorRef[] = [];
    for (let k = topology.inputStart[q]; k < topology.inputStart[q + 1]; k++) {
      const [owner, call] = calls.at.get(topology.inputSource[k])!;
      refs.push([nameAt(owner), call, topology.inputPort[k]]);
    }
    return refs;
  };
  const inputs: Tensor[] = [];
  for (let k = topology.inputStart[p]; k < topology.inputStart[p + 1]; k++) inputs.push(results[topology.inputSource[k]].outputs![topology.inputPort[k]]);
  const inbound = (calls.of.get(p) ?? [p]).map(callRefs).filter((refs) => refs.length);
  // An input not given is None, as Keras writes it for a layer it has not built: it then builds on the call.
  (spec.kerasInputShapes ?? []).forEach((key, i) => (config[key] = inputs[i] ? [null, ...inputs[i].dims] : null));
  const name = nameAt(p);
  config.name = name;
  return { class_name: kerasClass(spec), name, config, inbound_nodes: inbound.map((refs) => inboundNode(spec, refs)) };
}

function writeModel(design: Design, options: KerasExportOptions): KerasExport {
  const { problems, evaluation } = designProblems(design);
  if (problems.length) return { problems };
  const { topology, results } = evaluation;
  const names = kerasLayerNames(design.nodes);
  const nameAt = (p: number) => names.get(topology.order[p])!;
  // Outputs no layer reads are the model's outputs, so every layer of the design is part of the model.
  const read = new Set<string>();
  for (let k = 0; k < topology.inputSource.length; k++) read.add(`${topology.inputSource[k]}:${topology.inputPort[k]}`);
  const layers: Json[] = [];
  const inputLayers: TensorRef[] = [];
  const outputLayers: TensorRef[] = [];
  const order = layerOrder(topology);
  const calls = callsOf(evaluation, order);
  for (const p of order) {
    const [owner, call] = calls.at.get(p)!;
    if (owner === p) layers.push(writeLayer(evaluation, p, nameAt, calls, problems));
    if (layerSpec(results[p].type)!.inputs.max === 0) inputLayers.push([nameAt(p), 0, 0]);
    const outputs = results[p].outputs ?? [];
    for (let port = 0; port < outputs.length; port++) if (!read.has(`${p}:${port}`)) outputLayers.push([nameAt(owner), call, port]);
  }
  if (problems.length) return { problems };
  const config = { name: kerasName(options.name ?? 'model', 'model'), layers, input_layers: inputLayers, output_layers: outputLayers };
  // "Model" is what TensorFlow.js writes, and every tf.keras 2 reads it as a Functional model.
  return { json: { class_name: 'Model', config, keras_version: KERAS_VERSION, backend: 'tensorflow' } };
}

/**
 * Writes the design as a Keras 2 / TensorFlow.js Functional model (`model.to_json()`'s format), which
 * tf.keras `model_from_json` and TensorFlow.js `tf.models.modelFromJSON` load; or says why it cannot,
 * each problem naming its node (and field).
 */
export function exportKerasModel(design: Design, options: KerasExportOptions = {}): KerasExport {
  try {
    // A Keras model file has no blocks: they are written as their layers, named `instance_layer`, up to a limit.
    const layers = countLayersExact(design);
    if (layers > BigInt(MAX_LISTED_LAYERS)) return { problems: [expansionProblem(layers, [], 'writes as plain layers')] };
    return writeModel(inlineBlocks(design), options);
  } catch (error) {
    // A design the evaluator accepted always writes; should that ever fail, the user gets a message, not a crash.
    const message = `could not write the model: ${(error as Error).message} (a Paramsketch bug: please report the design)`;
    return { problems: [{ path: [], message }] };
  }
}
