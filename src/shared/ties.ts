// Tied weights, checked: a layer tied to another uses that layer's weights, so they are counted once, there.
// That holds only when the other layer holds weights of the same shapes (or their transposes: a PyTorch head
// and its embedding) and does not lead back to this one; otherwise the layer's own weights are counted, with
// a problem on its `tiedTo` field, never silently lost (a mutual tie once counted 0, a tie to an Input lost
// 1,001,000 parameters).
import type { Design } from './design';
import type { CountedWeight, NodeEvaluation } from './evaluate-node';
import type { Topology } from './graph';
import type { Problem } from './problem';

/** Ties followed from one layer to the next before a chain is taken as endless. */
const MAX_CHAIN = 64;

interface Tied {
  design: Design;
  topology: Topology;
  results: readonly NodeEvaluation[];
}

const resultOf = ({ topology, results }: Tied, id: string): NodeEvaluation | undefined => {
  const index = topology.indexOf.get(id);
  return index === undefined ? undefined : results[topology.positionOfIndex[index]];
};

const tiedToOf = ({ design, topology }: Tied, id: string): string | undefined => {
  const index = topology.indexOf.get(id);
  return index === undefined ? undefined : design.nodes[index].tiedTo;
};

const held = (weights: readonly CountedWeight[]) => weights.filter((w) => w.role !== 'buffer');
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, k) => d === b[k]);
const shapesText = (weights: readonly CountedWeight[]) => weights.map((w) => `[${w.shape.join(', ')}]`).join(' ') || 'none';

/** Whether a layer with `own` weights can use `theirs`: as many, each of the same shape or its transpose. */
function fits(own: readonly CountedWeight[], theirs: readonly CountedWeight[]): boolean {
  return own.length === theirs.length && own.every((w, k) => sameShape(w.shape, theirs[k].shape) || sameShape(w.shape, [...theirs[k].shape].reverse()));
}

/** The ties from `to` onwards, if they lead back to `from`: a loop, where no layer holds the weights. */
function loopBack(tied: Tied, from: string, to: string): string[] | undefined {
  const chain = [from, to];
  for (let at = tiedToOf(tied, to); at !== undefined && chain.length <= MAX_CHAIN; at = tiedToOf(tied, at)) {
    chain.push(at);
    if (at === from) return chain;
  }
  return undefined;
}

/**
 * Why the tie of the node `id` (tied to `to`) cannot hold, or undefined when it holds. A target that could not
 * be counted says nothing of its weights: the tie stands, and the total already says a layer is uncounted.
 */
export function tieProblem(tied: Tied, id: string, to: string, own: NodeEvaluation): Problem | undefined {
  const path = [id, 'tiedTo'];
  const loop = loopBack(tied, id, to);
  if (loop) return { path, message: `is tied to itself through '${to}' (${loop.join(' → ')}): its own weights are counted here`, hint: 'tie the others to one layer that holds the weights' };
  const target = resultOf(tied, to);
  if (!target || target.params === null || own.params === null) return undefined;
  // A layer with no weights loses nothing by a tie (Keras's shared pooling layers are tied to their first call).
  const mine = held(own.weights);
  if (!mine.length) return undefined;
  const theirs = target.inner ? [] : held(target.weights);
  if (!theirs.length) return { path, message: `is tied to '${to}' (${target.type}), which holds no weights of its own: its own weights are counted here` };
  if (!fits(mine, theirs))
    return { path, message: `is tied to '${to}', whose weights have other shapes (${shapesText(mine)} here, ${shapesText(theirs)} there): its own weights are counted here` };
  return undefined;
}

/** The layers the node `id` can be tied to: each holds weights this one's fit, and leads back to it by no tie. */
export function tieTargets(tied: Tied, id: string): string[] {
  const own = resultOf(tied, id);
  if (!own || own.inner) return [];
  const mine = held(own.weights);
  if (!mine.length) return [];
  return tied.topology.order.filter((other, p) => {
    const r = tied.results[p];
    return other !== id && r.params !== null && !r.inner && !loopBack(tied, id, other) && fits(mine, held(r.weights));
  });
}
