/**
 * A layered layout that stays fast at thousands of layers (dagre took seconds at ~800): the classic
 * Sugiyama steps, each in its plainest linear form. Ranks are longest paths from an input; an edge that
 * skips ranks gets a narrow placeholder in every rank it passes, so the ordering and placement keep a free
 * lane for it (the canvas draws it as one curve, which then crosses no layer); ranks are ordered by
 * barycentre sweeps against crossings; and each rank is placed as close as its order and spacing allow to
 * the middle of its neighbours (least squares, by pool-adjacent-violators), so chains run straight.
 */
import type { Design } from '../design';
import { buildTopology } from '../graph';
import type { Position } from '../sketch';

export interface LayeredOptions {
  node: { width: number; height: number };
  gap: { x: number; y: number };
}

/** A placeholder's width: a lane for an edge passing through a rank. */
const LANE = 24;
/** How much harder a lane holds its place than a layer: layers make way for the edges passing them. */
const LANE_WEIGHT = 8;
/** Ordering sweeps (down and up) and placement sweeps: each is linear in the items, a few suffice. */
const ORDER_SWEEPS = 4;
const PLACE_SWEEPS = 8;
/**
 * At most this many placeholders per layer: a layer feeding every later one (n² lanes) would otherwise
 * grow without bound. Past it, long edges are kept as plain neighbours, without lanes.
 */
const LANES_PER_LAYER = 20;

interface Item {
  rank: number;
  width: number;
  up: number[];
  down: number[];
  /** A placeholder's edge: its ends (layers) and how far along it (0–1) this rank is. */
  lane?: { from: number; to: number; along: number };
}

/** Items per rank: the layers, then a placeholder per skipped rank of every long edge, wired as a chain. */
function layeredGraph(design: Design, width: number): { items: Item[]; ranks: number[][]; order: string[] } {
  const { order, inputStart, inputSource } = buildTopology(design);
  const lanes = order.length * (LANES_PER_LAYER + 1);
  const items: Item[] = order.map(() => ({ rank: 0, width, up: [], down: [] }));
  for (let p = 0; p < order.length; p++)
    // Positions after `sorted` (cycles) may read inputs not ranked yet: those count as rank 0.
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) items[p].rank = Math.max(items[p].rank, items[inputSource[k]].rank + 1);
  // Parallel edges place nothing differently: each pair is wired once.
  const wired = new Set<string>();
  for (let p = 0; p < order.length; p++)
    for (let k = inputStart[p]; k < inputStart[p + 1]; k++) {
      const source = inputSource[k];
      let from = source;
      const [top, bottom] = [items[from].rank, items[p].rank];
      if (top >= bottom || wired.has(`${from} ${p}`)) continue;
      wired.add(`${from} ${p}`);
      for (let r = top + 1; r < bottom && items.length < lanes; r++) {
        items.push({ rank: r, width: LANE, up: [from], down: [], lane: { from: source, to: p, along: (r - top) / (bottom - top) } });
        items[from].down.push(items.length - 1);
        from = items.length - 1;
      }
      items[from].down.push(p);
      items[p].up.push(from);
    }
  const ranks: number[][] = [];
  items.forEach((item, i) => (ranks[item.rank] ??= []).push(i));
  return { items, ranks, order };
}

/** Reorders each rank by the mean slot of its neighbours on one side (stable: ties and loners keep their place). */
function orderSweep(items: Item[], ranks: number[][], slot: Float64Array, down: boolean) {
  const sequence = down ? ranks.keys() : [...ranks.keys()].reverse();
  for (const r of sequence) {
    const rank = ranks[r];
    const key = rank.map((i) => {
      const near = down ? items[i].up : items[i].down;
      return near.length ? near.reduce((sum, j) => sum + slot[j], 0) / near.length : slot[i];
    });
    const sorted = rank.map((i, k) => [key[k], slot[i], i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    // Siblings fed by the same layer (equal keys) go either side of the lanes among them: an edge skipping
    // their rank runs straight down the middle, between the branches, not across one of them.
    for (let start = 0; start < sorted.length; ) {
      let end = start;
      while (end < sorted.length && sorted[end][0] === sorted[start][0]) end++;
      const group = sorted.slice(start, end);
      const nodes = group.filter(([, , i]) => !items[i].lane);
      const half = Math.ceil(nodes.length / 2);
      sorted.splice(start, group.length, ...nodes.slice(0, half), ...group.filter(([, , i]) => items[i].lane), ...nodes.slice(half));
      start = end;
    }
    sorted.forEach(([, , i], k) => ((rank[k] = i), (slot[i] = k)));
  }
}

/**
 * Centres for one rank, in order, each at least its half-width plus the gap from the next, as close as
 * possible (least squares) to `wanted`: pool-adjacent-violators on the wanted centres minus the spacing
 * accumulated so far.
 */
function placeRank(widths: number[], wanted: number[], weights: number[], gap: number): number[] {
  const offset: number[] = [0];
  for (let k = 1; k < widths.length; k++) offset[k] = offset[k - 1] + (widths[k - 1] + widths[k]) / 2 + gap;
  const blocks: { sum: number; weight: number; count: number }[] = [];
  const mean = (b: { sum: number; weight: number }) => b.sum / b.weight;
  for (let k = 0; k < widths.length; k++) {
    blocks.push({ sum: (wanted[k] - offset[k]) * weights[k], weight: weights[k], count: 1 });
    while (blocks.length > 1 && mean(blocks.at(-2)!) > mean(blocks.at(-1)!)) {
      const last = blocks.pop()!;
      const into = blocks.at(-1)!;
      into.sum += last.sum;
      into.weight += last.weight;
      into.count += last.count;
    }
  }
  const centres: number[] = [];
  for (const block of blocks) for (let c = 0; c < block.count; c++) centres.push(mean(block) + offset[centres.length]);
  return centres;
}

export function layeredLayout(design: Design, { node, gap }: LayeredOptions): Record<string, Position> {
  const { items, ranks, order } = layeredGraph(design, node.width);
  const slot = new Float64Array(items.length);
  for (const rank of ranks) rank.forEach((i, k) => (slot[i] = k));
  for (let s = 0; s < ORDER_SWEEPS; s++) orderSweep(items, ranks, slot, s % 2 === 0);
  orderSweep(items, ranks, slot, true);

  const x = new Float64Array(items.length);
  for (const rank of ranks) {
    const widths = rank.map((i) => items[i].width);
    placeRank(widths, widths.map(() => 0), widths.map(() => 1), gap.x).forEach((c, k) => (x[rank[k]] = c));
  }
  for (let s = 0; s < PLACE_SWEEPS; s++) {
    const down = s % 2 === 0;
    for (const r of down ? ranks.keys() : [...ranks.keys()].reverse()) {
      const rank = ranks[r];
      const wanted = rank.map((i) => {
        // A lane lies on the straight line between its edge's ends, where the canvas draws that edge.
        const lane = items[i].lane;
        if (lane) return x[lane.from] + (x[lane.to] - x[lane.from]) * lane.along;
        // Both sides in the last sweeps: a node settles between what feeds it and what it feeds.
        const near = s >= PLACE_SWEEPS - 2 ? [...items[i].up, ...items[i].down] : down ? items[i].up : items[i].down;
        // A layer lines up with the lanes of its long edges first: the edge is drawn straight from it.
        const weight = (j: number) => (items[j].lane ? LANE_WEIGHT : 1);
        const total = near.reduce((sum, j) => sum + weight(j), 0);
        return total ? near.reduce((sum, j) => sum + x[j] * weight(j), 0) / total : x[i];
      });
      placeRank(rank.map((i) => items[i].width), wanted, rank.map((i) => (items[i].lane ? LANE_WEIGHT : 1)), gap.x).forEach((c, k) => (x[rank[k]] = c));
    }
  }
  // fromEntries defines own keys: an id such as '__proto__' is then a key like any other.
  return Object.fromEntries(
    order.map((id, p) => [id, { x: Math.round(x[p] - node.width / 2), y: items[p].rank * (node.height + gap.y) }]),
  );
}
