import { blockNamed } from '../blocks/definition';
import { layerSpec } from '../catalog';
import type { Design, Edge } from '../design';

const one = (n: number) => (n === 1 ? 'one input' : `${n} inputs`);

/** Node ids reachable from `start` along edges. */
function reachable(design: Design, start: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of design.edges) {
    const targets = next.get(e.from);
    if (targets) targets.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) for (const to of next.get(stack.pop()!) ?? []) if (!seen.has(to)) seen.add(to), stack.push(to);
  return seen;
}

/**
 * Why the edge from → to would break the design, or undefined when it may be added: a layer fed by
 * itself, more inputs than the target takes, or a cycle. The editor refuses such edges with this text.
 */
export function refuseEdge(design: Design, edge: Edge): string | undefined {
  const name = (id: string) => design.nodes.find((n) => n.id === id)?.name ?? id;
  const target = design.nodes.find((n) => n.id === edge.to);
  if (!target || !design.nodes.some((n) => n.id === edge.from)) return 'both ends of a connection must be layers of this design';
  if (edge.from === edge.to) return `'${name(edge.to)}' cannot feed itself`;
  const block = blockNamed(design.blocks, target.type);
  const max = layerSpec(target.type)?.inputs.max ?? block?.inputs.length ?? Infinity;
  const feeding = design.edges.filter((e) => e.to === edge.to);
  if (max === 0) return `${target.type} '${name(edge.to)}' takes no inputs: it is where data enters`;
  if (feeding.length >= max)
    return `${target.type} '${name(edge.to)}' takes ${one(max)} and already has ${max === 1 ? `one, from '${name(feeding[0].from)}'` : max}; delete an incoming edge first`;
  if (reachable(design, edge.to).has(edge.from))
    return `connecting '${name(edge.from)}' → '${name(edge.to)}' would make a cycle: '${name(edge.to)}' already feeds '${name(edge.from)}'`;
  return undefined;
}
