// Reads what Paramsketch needs from a Keras HDF5 file: the architecture (`model_config`) and every
// weight's shape. jsfive (pure JS, synchronous on an ArrayBuffer) parses only the object headers it is
// asked for, so the weights' bytes are never read: a dataset's shape is in its header, its data elsewhere.
// @ts-expect-error jsfive ships no type declarations; the few members used are typed below.
import * as jsfive from 'jsfive';

export interface Hdf5Model {
  /** The root attribute `model_config` (the model's to_json()), or null for a weights-only file (save_weights). */
  modelConfig: string | null;
  kerasVersion?: string;
  backend?: string;
  /** Every weight's shape, by top-level layer, in file order (from model_weights/ or the root of a weights-only file: attrs layer_names and weight_names). Shapes only, never the data. */
  weights: { layer: string; name: string; shape: number[] }[];
}

interface Node {
  /** A group's member names (a dataset is an Array subclass in jsfive: its `keys` is not this). */
  keys: string[];
  attrs: Record<string, unknown>;
  get(path: string): Node | null;
  /** A dataset's shape, read from its header. */
  shape?: unknown;
}
const { File: H5File, Group: H5Group } = jsfive as { File: new (buffer: ArrayBuffer, name: string) => Node; Group: abstract new (...args: never[]) => Node };

// Bounds on what a file can make us do (the largest Keras applications have about 1,000 layers): a
// damaged or hostile file cannot make the reader walk without end.
const MAX_LAYERS = 100_000;
const MAX_WEIGHTS = 1_000_000;
const MAX_DEPTH = 16;
// HDF5's own limit on a dataspace's rank.
const MAX_RANK = 32;
const KERAS3_GROUPS = ['layers', '_layer_checkpoint_dependencies'];

class Unreadable extends Error {}

/** Attribute text: h5py writes str (variable-length) or bytes (fixed-length, NUL-padded, which jsfive keeps). */
function text(value: unknown): string | undefined {
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return typeof one === 'string' ? one.replace(/\0+$/, '') : undefined;
}

/** Keras's load_attributes_from_hdf5_group: a list attribute, or its chunks `name0`, `name1`… (Keras splits one too big for an object header). */
function namesAttr(node: Node, name: string): string[] | undefined {
  const attrs = node.attrs;
  const whole = attrs[name];
  const parts: unknown[] = whole !== undefined ? [whole] : [];
  for (let i = 0; whole === undefined && attrs[`${name}${i}`] !== undefined; i++) parts.push(attrs[`${name}${i}`]);
  if (parts.length === 0) return undefined;
  const names: string[] = [];
  for (const part of parts) {
    // An empty list is written as an empty float array (numpy's default dtype for []).
    const list = typeof part === 'string' ? [part] : Array.isArray(part) ? part : [];
    for (const item of list) {
      const itemName = text(item);
      if (itemName === undefined) throw new Unreadable(`the attribute ${name} holds something other than names`);
      names.push(itemName);
    }
  }
  return names;
}

function child(node: Node, path: string): Node {
  const found = node.get(path);
  if (!found) throw new Unreadable(`${path} is missing`);
  return found;
}

function group(node: Node, path: string): Node {
  const found = child(node, path);
  if (!(found instanceof H5Group)) throw new Unreadable(`${path} is not a group`);
  return found;
}

function shapeOf(node: Node, where: string): number[] {
  const shape = node.shape;
  // A scalar dataset has shape []; a group has no shape.
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new Unreadable(`${where} is not a dataset with a readable shape`);
  return shape as number[];
}

function pushWeight(weights: Hdf5Model['weights'], weight: Hdf5Model['weights'][number]): void {
  if (weights.length >= MAX_WEIGHTS) throw new Unreadable(`it lists more than ${MAX_WEIGHTS.toLocaleString('en-US')} weights`);
  weights.push(weight);
}

/** Keras 1, Keras 2, tf.keras and Keras 3's legacy .h5: the order is the file's attributes `layer_names` and `weight_names`. */
function listedWeights(holder: Node, layers: string[]): Hdf5Model['weights'] {
  if (layers.length > MAX_LAYERS) throw new Unreadable(`it lists more than ${MAX_LAYERS.toLocaleString('en-US')} layers`);
  const weights: Hdf5Model['weights'] = [];
  for (const layer of layers) {
    const layerGroup = group(holder, layer);
    for (const name of namesAttr(layerGroup, 'weight_names') ?? []) pushWeight(weights, { layer, name, shape: shapeOf(child(layerGroup, name), `${layer}/${name}`) });
  }
  return weights;
}

/** `vars/2` before `vars/10`: digit runs compare as numbers (Keras numbers a layer's variables in creation order). */
function naturalCompare(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const ra = pa[i].match(/\d+|\D+/g) ?? [];
    const rb = pb[i].match(/\d+|\D+/g) ?? [];
    for (let j = 0; j < Math.min(ra.length, rb.length); j++) {
      const [da, db] = [/^\d/.test(ra[j]), /^\d/.test(rb[j])];
      if (da !== db) return da ? -1 : 1;
      const order = da ? Number(ra[j]) - Number(rb[j]) : ra[j] < rb[j] ? -1 : ra[j] > rb[j] ? 1 : 0;
      if (order !== 0) return order;
    }
    if (ra.length !== rb.length) return ra.length - rb.length;
  }
  return pa.length - pb.length;
}

/**
 * Keras 3's layout (a .keras archive's model.weights.h5, a Keras 3 .weights.h5): datasets under
 * `layers/<layer>/…`. Nothing records an order, so layers come in name order (as HDF5 lists them) and
 * each layer's datasets in natural order. Optimizer and metric variables are not the model's weights.
 */
function groupedWeights(root: Node): Hdf5Model['weights'] {
  const weights: Hdf5Model['weights'] = [];
  let visited = 0;
  const walk = (node: Node, layer: string, path: string, depth: number, into: { name: string; shape: number[] }[]) => {
    if (++visited > MAX_WEIGHTS || depth > MAX_DEPTH) throw new Unreadable('its layers/ group nests too deep or holds too much');
    for (const key of node.keys) {
      const item = child(node, key);
      const name = path ? `${path}/${key}` : key;
      if (item instanceof H5Group) walk(item, layer, name, depth + 1, into);
      else into.push({ name, shape: shapeOf(item, `${layer}/${name}`) });
    }
  };
  const layers = [...root.keys].sort();
  if (layers.length > MAX_LAYERS) throw new Unreadable(`it has more than ${MAX_LAYERS.toLocaleString('en-US')} layers`);
  for (const layer of layers) {
    const found: { name: string; shape: number[] }[] = [];
    walk(group(root, layer), layer, '', 0, found);
    for (const { name, shape } of found.sort((a, b) => naturalCompare(a.name, b.name))) pushWeight(weights, { layer, name, shape });
  }
  return weights;
}

function read(bytes: Uint8Array): Hdf5Model | { problem: string } {
  // jsfive reads an ArrayBuffer; the view's own buffer is used as is when it is the whole file (no copy).
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const file = new H5File(whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer, 'model.h5');
  const attrs = file.attrs;
  const config = attrs.model_config;
  const modelConfig = config === undefined ? null : text(config);
  if (modelConfig === undefined) throw new Unreadable('its model_config attribute is not text');
  const model: Hdf5Model = { modelConfig, weights: [] };
  const kerasVersion = text(attrs.keras_version);
  const backend = text(attrs.backend);
  if (kerasVersion !== undefined) model.kerasVersion = kerasVersion;
  if (backend !== undefined) model.backend = backend;
  const keys = file.keys;
  // A full model keeps its weights in model_weights/ (absent when it has none); save_weights writes them at the root.
  const holder = keys.includes('model_weights') ? group(file, 'model_weights') : file;
  const listed = namesAttr(holder, 'layer_names');
  const grouped = KERAS3_GROUPS.find((name) => keys.includes(name));
  if (listed) model.weights = listedWeights(holder, listed);
  else if (grouped) model.weights = groupedWeights(group(file, grouped));
  else if (modelConfig === null)
    return { problem: 'this HDF5 file is not a Keras model: it has no model_config, layer_names or layers/ group. Open a model saved by Keras (model.save), its model.to_json(), or a .keras archive' };
  return model;
}

/** Why jsfive gave up, in words: it throws strings as well as Errors. */
function reason(error: unknown): string {
  if (error instanceof Unreadable) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  // A read past the end of the buffer: the file points beyond where it stops.
  if (error instanceof RangeError && /bounds|offset|length/i.test(message)) return 'it ends before the data it points to (is it truncated?)';
  // Names read from a damaged file can be any bytes: keep the message printable and short.
  return `its structure is damaged or not supported (${message.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 200)})`;
}

/** Reads a Keras HDF5 model or weights file: never throws; a file it cannot read gives a problem that says why. */
export function readHdf5Model(bytes: Uint8Array): Hdf5Model | { problem: string } {
  // jsfive warns on the console about what it skips (on a damaged file, with a name that can be
  // kilobytes of the file's bytes); the problem returned here says what matters. It runs synchronously,
  // so nothing else can log meanwhile.
  const { warn, log } = console;
  console.warn = console.log = () => {};
  try {
    return read(bytes);
  } catch (error) {
    return { problem: `this HDF5 (.h5) file could not be read: ${reason(error)}. Save the model again, or open its model.to_json() or a .keras archive` };
  } finally {
    Object.assign(console, { warn, log });
  }
}
