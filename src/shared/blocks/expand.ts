// Block instances written out as their layers, every instance of one level in one pass: expanding them one at
// a time rebuilt the whole design per instance (a Keras export of 160,000 layers took 109 s).
import type { Design, Edge, LayerNode } from '../design';
import { freshId } from '../edit/names';
import { blockNamed } from './definition';
import { instanceSetup, withParams } from './params';

/** What feeds a block input, or what an instance's output reads: a node's output. */
interface Feed {
  from: string;
  fromPort?: number;
}

export interface Expanded {
  design: Design;
  /** Each new node's id, by instance copy (0-based) and inner id: where the editor places them. */
  placed: { id: string; copy: number; inner: string }[];
}

const UNSLOTTED = Number.MAX_SAFE_INTEGER;

/** Edges into each node in input order: slotted ones by slot, then the rest as drawn (as graph.ts orders them). */
function edgesInto(edges: readonly Edge[], wanted: ReadonlySet<string>): Map<string, Edge[]> {
  const into = new Map<string, Edge[]>();
  for (const e of edges) if (wanted.has(e.to)) into.set(e.to, [...(into.get(e.to) ?? []), e]);
  // Array.prototype.sort is stable: edges without a slot keep the order they were drawn in.
  for (const list of into.values()) list.sort((a, b) => (a.toPort ?? UNSLOTTED) - (b.toPort ?? UNSLOTTED));
  return into;
}

const withPort = (feed: Feed) => ({ from: feed.from, ...(feed.fromPort ? { fromPort: feed.fromPort } : {}) });

/**
 * The instances `expand` picks replaced by their layers, one level (instances inside stay instances), each
 * copy of a stack in turn, in node order. New ids read `instance_inner` (`instance_2_inner` for later copies),
 * fresh where taken. Instances that cannot be written out (unknown block, invalid fields) stay as they are.
 * The result is what expanding them one by one, in node order, gives.
 */
export function expandInstances(design: Design, expand: (node: LayerNode) => boolean): Expanded {
  const plans = new Map<string, { node: LayerNode; inner: Design['nodes']; edges: Edge[]; def: NonNullable<ReturnType<typeof blockNamed>>; repeat: number }>();
  for (const node of design.nodes) {
    const def = expand(node) ? blockNamed(design.blocks, node.type) : undefined;
    const setup = def && instanceSetup(node, node.type, def);
    if (!def || !setup || Array.isArray(setup) || plans.has(node.id)) continue;
    const inner = withParams(def, setup.values);
    plans.set(node.id, { node, inner: inner.nodes, edges: inner.edges, def, repeat: setup.repeat });
  }
  if (!plans.size) return { design, placed: [] };
  const instances = new Set(plans.keys());
  const into = edgesInto(design.edges, instances);
  const outputs = new Map<string, (Feed | undefined)[]>();
  /** Where an output of a node finally comes from, through instances expanded here; undefined when nothing feeds it. */
  const resolve = (feed: Feed): Feed | undefined => {
    let at: Feed | undefined = feed;
    for (let hops = 0; at && outputs.has(at.from) && hops <= instances.size; hops++) at = outputs.get(at.from)![at.fromPort ?? 0];
    return at && outputs.has(at.from) ? undefined : at;
  };
  const taken = new Set(design.nodes.map((n) => n.id));
  const nodes: LayerNode[] = [];
  const innerEdges: Edge[] = [];
  const placed: Expanded['placed'] = [];
  for (const node of design.nodes) {
    const plan = plans.get(node.id);
    // A second node with an instance's id is left as it is (the design reports the repeated id).
    if (!plan || plan.node !== node) {
      nodes.push(node);
      continue;
    }
    const { def, inner, edges, repeat } = plan;
    const bound = new Set(def.inputs);
    // Inputs from an instance expanded before this one read what it resolved to; later ones are resolved at the end.
    let feeds: (Feed | undefined)[] = (into.get(node.id) ?? []).flatMap((e) => {
      const fed = outputs.has(e.from) ? resolve(e) : e;
      return fed ? [{ from: fed.from, fromPort: fed.fromPort }] : [];
    });
    for (let copy = 0; copy < repeat; copy++) {
      const renamed = new Map<string, string>();
      for (const n of inner) {
        if (bound.has(n.id)) continue;
        const fresh = freshId(`${node.id}${copy ? `_${copy + 1}` : ''}_${n.id}`, taken);
        taken.add(fresh);
        renamed.set(n.id, fresh);
        const { name: _name, ...rest } = n;
        nodes.push({ ...rest, id: fresh });
        placed.push({ id: fresh, copy, inner: n.id });
      }
      for (const e of edges) {
        const to = renamed.get(e.to);
        if (!to) continue;
        const fed = bound.has(e.from) ? feeds[def.inputs.indexOf(e.from)] : undefined;
        if (bound.has(e.from) && !fed) continue;
        const from = fed ? fed.from : renamed.get(e.from);
        const fromPort = fed ? fed.fromPort : e.fromPort;
        if (from) innerEdges.push({ from, to, ...(fromPort ? { fromPort } : {}), ...(e.toPort !== undefined ? { toPort: e.toPort } : {}) });
      }
      // An output straight from a block input passes that input on.
      feeds = def.outputs.map(({ node: out, port }) => (bound.has(out) ? feeds[def.inputs.indexOf(out)] : { from: renamed.get(out) ?? out, fromPort: port }));
    }
    outputs.set(node.id, feeds);
    // Gone from the design, its id is free for the instances after it (as when they are expanded one by one).
    taken.delete(node.id);
  }
  const rewired = [...design.edges.filter((e) => !instances.has(e.to)), ...innerEdges].flatMap((e): Edge[] => {
    if (!outputs.has(e.from)) return [e];
    const fed = resolve(e);
    if (!fed) return [];
    const { fromPort: _port, ...rest } = e;
    return [{ ...rest, ...withPort(fed) }];
  });
  return { design: { ...design, nodes, edges: rewired }, placed };
}
