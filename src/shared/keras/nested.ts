import type { Design, Edge, LayerNode } from '../design';
import type { Problem } from '../problem';

/** A model read from Keras JSON, with the ends another model can plug into. */
export interface ModelPart {
  design: Design;
  problems: Problem[];
  warnings: string[];
  /** Ids of its Input nodes, in the order the model takes its inputs. */
  inputs: string[];
  /** Where each of its outputs comes from. */
  outputs: { id: string; port: number }[];
}

const edge = (from: string, fromPort: number | undefined, to: string, toPort: number | undefined): Edge => ({
  from,
  to,
  ...(fromPort ? { fromPort } : {}),
  ...(toPort !== undefined ? { toPort } : {}),
});

/**
 * Replaces a node standing for a nested model (a Keras model used as a layer) by that model's layers,
 * named `<model>/<layer>`: its Input nodes give way to the tensors the outer graph feeds it (where it
 * is fed), and edges out of it start from its output layers. Counting the flattened layers counts the
 * nested model, as Keras does; freezing it freezes all of them.
 */
export function inlineModel(outer: Design, placeholder: LayerNode, part: ModelPart): Design {
  const prefix = (id: string) => `${placeholder.id}/${id}`;
  const fed = outer.edges.filter((e) => e.to === placeholder.id);
  const replaced = new Map(part.inputs.slice(0, fed.length).map((id, i) => [id, fed[i]]));
  const frozen = placeholder.trainable === false;
  const inner = part.design.nodes
    .filter((node) => !replaced.has(node.id))
    .map((node) => ({ ...node, id: prefix(node.id), name: prefix(node.name ?? node.id), ...(frozen ? { trainable: false } : {}) }));
  const innerEdges = part.design.edges.map((e) => {
    const feed = replaced.get(e.from);
    return feed ? edge(feed.from, feed.fromPort, prefix(e.to), e.toPort) : edge(prefix(e.from), e.fromPort, prefix(e.to), e.toPort);
  });
  const outerEdges = outer.edges.flatMap((e): Edge[] => {
    if (e.to === placeholder.id) return [];
    if (e.from !== placeholder.id) return [e];
    const out = part.outputs[e.fromPort ?? 0];
    if (!out) return [e]; // the evaluator reports an edge from a missing node
    return [edge(prefix(out.id), out.port, e.to, e.toPort)];
  });
  const at = outer.nodes.indexOf(placeholder);
  return {
    nodes: [...outer.nodes.slice(0, at), ...inner, ...outer.nodes.slice(at + 1)],
    edges: [...outerEdges, ...innerEdges],
  };
}
