import type { LayerNode } from '../design';

// TensorFlow.js refuses names outside this, Keras 2 builds name scopes from them, and Keras 3 refuses '/'.
const INVALID = /[^A-Za-z0-9_.-]/g;
const LEADING = /^[^A-Za-z0-9]+/;

/** A name Keras and TensorFlow.js accept, as close to `name` as can be. */
export function kerasName(name: string, fallback = 'layer'): string {
  return name.replace(INVALID, '_').replace(LEADING, '') || fallback;
}

/**
 * The layer name each node gets in a Keras file, by node id: its name (or id) made valid, and made unique
 * the way Keras does it (`dense`, `dense_1`…). A node whose name is valid already keeps it (the first one,
 * where several share it), so that files read in and written out keep their layer names.
 */
export function kerasLayerNames(nodes: readonly LayerNode[]): Map<string, string> {
  const asked = nodes.map((node) => (typeof node.name === 'string' && node.name ? node.name : node.id));
  const wanted = asked.map((name) => kerasName(name));
  const taken = new Set(wanted);
  const names = new Map<string, string>();
  const given = new Set<string>();
  const give = (i: number) => {
    const id = nodes[i].id;
    if (names.has(id)) return;
    let name = wanted[i];
    if (given.has(name)) {
      let k = 1;
      while (taken.has(`${wanted[i]}_${k}`)) k++;
      name = `${wanted[i]}_${k}`;
      taken.add(name);
    }
    given.add(name);
    names.set(id, name);
  };
  // Valid names first, so that a renamed one ('layer 1' → 'layer_1') never takes a name a node asked for as it is.
  nodes.forEach((_, i) => asked[i] === wanted[i] && give(i));
  nodes.forEach((_, i) => give(i));
  return names;
}
