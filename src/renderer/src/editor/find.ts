/** Ctrl+F: the layers a query names, by name, id or type, best match first. */
import type { LayerNode } from '../../../shared/design';

export interface Found {
  id: string;
  /** What is shown in the list: `name (Type)`. */
  label: string;
}

/**
 * Layers whose name, id or type contains the query (any case). A name or id that is the query comes
 * first, then those starting with it, then the rest, each in the design's order (top of the graph first).
 */
export function findLayers(nodes: readonly LayerNode[], query: string): Found[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const rank = (node: LayerNode): number => {
    const names = [node.name ?? '', node.id].map((s) => s.toLowerCase());
    if (names.includes(q)) return 0;
    if (names.some((s) => s.startsWith(q))) return 1;
    if (names.some((s) => s.includes(q))) return 2;
    const type = node.type.toLowerCase();
    return type === q ? 3 : type.includes(q) ? 4 : -1;
  };
  return nodes
    .map((node, order) => ({ node, order, rank: rank(node) }))
    .filter((m) => m.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ node }) => ({ id: node.id, label: `${node.name ?? node.id} (${node.type})` }));
}
