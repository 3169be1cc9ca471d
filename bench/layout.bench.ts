// Layout benchmark (part of `npm run bench`): the canvas's auto-layout candidates on big graphs, judged by
// what makes a graph readable: edge crossings, edges drawn across other layers, total edge length,
// overlapping nodes, and the time taken.
// Edges are measured as drawn: from the bottom middle of the source to the top middle of the target.
import { inlineBlocks } from '../src/shared/blocks/inline';
import type { Design } from '../src/shared/design';
import { bigLayout, dagreLayout, NODE_SIZE } from '../src/shared/edit/auto-layout';
import { buildTopology } from '../src/shared/graph';
import type { Position } from '../src/shared/sketch';
import { templateById } from '../src/shared/templates';
import { generate, toDesign } from './graphs';
import { largestRealModel } from './real-models';
import { heading, int, ms, table } from './stats';

type Layout = Record<string, Position>;
type Candidate = [name: string, lay: (design: Design) => Layout | undefined];

/**
 * The plain layering auto-layout.ts used past 1,000 layers before the layered layout replaced it (kept here
 * as the baseline): rank = longest path from an input, each rank's nodes side by side in order, centred.
 */
function plainLayering(design: Design): Layout {
  const { order, inputStart, inputSource } = buildTopology(design);
  const rank = new Int32Array(order.length);
  const perRank: number[] = [];
  for (let p = 0; p < order.length; p++) {
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) rank[p] = Math.max(rank[p], rank[inputSource[k]] + 1);
    perRank[rank[p]] = (perRank[rank[p]] ?? 0) + 1;
  }
  const slot = new Int32Array(perRank.length);
  return Object.fromEntries(order.map((id, p) => [id, { x: (slot[rank[p]]++ - perRank[rank[p]] / 2) * (NODE_SIZE.width + 40), y: rank[p] * (NODE_SIZE.height + 56) }]));
}

const CANDIDATES: Candidate[] = [
  ['dagre', dagreLayout],
  ['plain layering', plainLayering],
  ['layered (ours)', bigLayout],
];
/** elkjs (its layered algorithm) is compared when installed (`npm install --no-save elkjs`); it is no dependency. */
const elk = await import('elkjs' as string).then((m) => new m.default()).catch(() => undefined);

async function elkLayout(design: Design): Promise<Layout> {
  const ids = [...new Set(design.nodes.map((n) => n.id))];
  const index = new Map(ids.map((id, i) => [id, `n${i}`]));
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '56' },
    children: ids.map((id) => ({ id: index.get(id)!, ...NODE_SIZE })),
    edges: design.edges.flatMap((e, i) => (index.has(e.from) && index.has(e.to) ? [{ id: `e${i}`, sources: [index.get(e.from)!], targets: [index.get(e.to)!] }] : [])),
  });
  const at = new Map<string, Position>(graph.children.map((c: { id: string; x: number; y: number }) => [c.id, { x: c.x, y: c.y }]));
  return Object.fromEntries(ids.map((id) => [id, at.get(index.get(id)!)!]));
}

interface Metrics {
  crossings: number;
  /** (edge, node) pairs where an edge is drawn across a node that is neither of its ends. */
  overNodes: number;
  length: number;
  overlaps: number;
  width: number;
  height: number;
}

/** Whether segments ab and cd cross properly (touching at an end, as edges sharing a node do, is no crossing). */
function cross(a: Position, b: Position, c: Position, d: Position): boolean {
  const side = (p: Position, q: Position, r: Position) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
}

/** Whether segment ab passes through the node box at `p` (its inner part: grazing a corner does not count). */
function crossesBox(a: Position, b: Position, p: Position): boolean {
  const [x0, x1, y0, y1] = [p.x + 4, p.x + NODE_SIZE.width - 4, p.y + 4, p.y + NODE_SIZE.height - 4];
  const inside = (q: Position) => q.x > x0 && q.x < x1 && q.y > y0 && q.y < y1;
  if (inside(a) || inside(b)) return true;
  const corners = [{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }];
  return corners.some((c, i) => cross(a, b, c, corners[(i + 1) % 4]));
}

function measure(design: Design, layout: Layout): Metrics {
  const segments = design.edges.flatMap(({ from, to }) => {
    const [s, t] = [layout[from], layout[to]];
    if (!s || !t || from === to) return [];
    return [{ from, to, a: { x: s.x + NODE_SIZE.width / 2, y: s.y + NODE_SIZE.height }, b: { x: t.x + NODE_SIZE.width / 2, y: t.y } }];
  });
  let crossings = 0;
  for (let i = 0; i < segments.length; i++) {
    const p = segments[i];
    for (let j = i + 1; j < segments.length; j++) {
      const q = segments[j];
      if (p.from === q.from || p.to === q.to || p.from === q.to || p.to === q.from) continue;
      if (Math.max(p.a.x, p.b.x) < Math.min(q.a.x, q.b.x) || Math.max(q.a.x, q.b.x) < Math.min(p.a.x, p.b.x)) continue;
      if (cross(p.a, p.b, q.a, q.b)) crossings++;
    }
  }
  let overNodes = 0;
  const placed = Object.entries(layout);
  for (const { from, to, a, b } of segments)
    for (const [id, p] of placed) {
      if (id === from || id === to || p.y + NODE_SIZE.height <= Math.min(a.y, b.y) || p.y >= Math.max(a.y, b.y)) continue;
      if (crossesBox(a, b, p)) overNodes++;
    }
  const length = segments.reduce((sum, { a, b }) => sum + Math.hypot(b.x - a.x, b.y - a.y), 0);
  // Overlaps: boxes sorted by x, each compared with those starting within one node width.
  const boxes = Object.values(layout).sort((p, q) => p.x - q.x);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length && boxes[j].x < boxes[i].x + NODE_SIZE.width; j++)
      if (Math.abs(boxes[j].y - boxes[i].y) < NODE_SIZE.height) overlaps++;
  const xs = boxes.map((p) => p.x);
  const ys = boxes.map((p) => p.y);
  return { crossings, overNodes, length, overlaps, width: Math.max(...xs) - Math.min(...xs) + NODE_SIZE.width, height: Math.max(...ys) - Math.min(...ys) + NODE_SIZE.height };
}

/** The largest templates, blocks expanded (what an import of the same model gives). */
const template = (id: string): [string, Design] => {
  const t = templateById(id)!;
  const design = inlineBlocks(t.design(t.conventions[0]));
  return [`${id} (flattened)`, design];
};
const generated = (layers: number): [string, Design] => [`generated branchy ${int(layers)}`, toDesign(generate('branchy', layers))];

const graphs: [string, Design][] = [
  template('densenet121'),
  template('resnet50'),
  template('bert-base'),
  await largestRealModel().then((m): [string, Design] => [`real: ${m.slug}`, m.design]),
  generated(769),
  generated(1000),
  generated(2000),
];

heading('Layout: auto-layout candidates on big graphs (crossings, edge length, overlaps, time)');
console.log('  crossings: pairs of edges (straight, bottom middle to top middle) that cross; length: all edges together');
console.log('  edges over nodes: an edge drawn across a node not its own; in thousands of flow units (a node is 220 × 76);');
console.log('  overlaps: pairs of nodes drawn over each other.');
const rows = [['graph', 'layout', 'nodes', 'edges', 'crossings', 'edges over nodes', 'edge length (k)', 'overlaps', 'size (w × h)', 'time']];
const candidates: [string, (d: Design) => Promise<Layout | undefined>][] = [
  ...CANDIDATES.map(([name, lay]): [string, (d: Design) => Promise<Layout | undefined>] => [name, async (d) => lay(d)]),
  ...(elk ? [['elkjs layered', elkLayout] as [string, (d: Design) => Promise<Layout>]] : []),
];
for (const [label, design] of graphs) {
  for (const [name, lay] of candidates) {
    let layout: Layout | undefined;
    const t0 = performance.now();
    try {
      layout = await lay(design);
    } catch (error) {
      rows.push([label, name, int(design.nodes.length), int(design.edges.length), `failed: ${String(error).slice(0, 40)}`, '', '', '', '', '']);
      continue;
    }
    const took = performance.now() - t0;
    if (!layout) {
      rows.push([label, name, int(design.nodes.length), int(design.edges.length), 'declined (guard)', '', '', '', '', ms(took)]);
      continue;
    }
    const m = measure(design, layout);
    rows.push([label, name, int(design.nodes.length), int(design.edges.length), int(m.crossings), int(m.overNodes), (m.length / 1000).toFixed(0), int(m.overlaps), `${int(Math.round(m.width))} × ${int(Math.round(m.height))}`, ms(took)]);
  }
}
console.log(table(rows, 2));
console.log('  The auto-layout keeps dagre up to 150 layers (quick there) and takes the layered layout beyond.');
if (!elk) console.log('  elkjs: not installed (npm install --no-save elkjs, then run again, to compare it).');
