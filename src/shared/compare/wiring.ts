// Whether two aligned layers are fed by the same layers: two designs with the same layers, wired
// otherwise (a skip connection moved), differ although no layer's settings do.
import type { Design } from '../design';
import { buildTopology, type Topology } from '../graph';

/** Per input slot of the node at `index`: the index of the node feeding it and which of its outputs. */
function inputsOf(topology: Topology, index: number): [number, number][] {
  const p = topology.positionOfIndex[index];
  if (p < 0) return [];
  const inputs: [number, number][] = [];
  for (let k = topology.inputStart[p]; k < topology.inputStart[p + 1]; k++) {
    const source = topology.inputSource[k];
    inputs.push([source >= 0 ? topology.nodeIndex[source] : -1, topology.inputPort[k]]);
  }
  return inputs;
}

/**
 * For each aligned pair `[i, j]` (node i of `a` with node j of `b`), whether j is fed otherwise than i:
 * by a layer not aligned with i's, by another of its outputs, or through more or fewer inputs.
 */
export function fedOtherwise(a: Design, b: Design, pairs: readonly (readonly [number, number])[]): boolean[] {
  const [ta, tb] = [buildTopology(a), buildTopology(b)];
  // -2: a layer of `a` with no counterpart in `b`, which then feeds nothing there (-1 is an input fed by nothing).
  const matchOfA = new Int32Array(a.nodes.length).fill(-2);
  for (const [i, j] of pairs) matchOfA[i] = j;
  return pairs.map(([i, j]) => {
    const [fromA, fromB] = [inputsOf(ta, i), inputsOf(tb, j)];
    return fromA.length !== fromB.length || fromA.some(([source, port], k) => (source >= 0 ? matchOfA[source] : -1) !== fromB[k][0] || port !== fromB[k][1]);
  });
}
