// Runs of identical copies in a design's sequence (see repeat-sequence.ts): a ResNet stage's identity blocks,
// a DenseNet dense block's layers, a transformer's encoder layers. Each run is k consecutive positions
// repeated r times, each copy fed by the one before, so it can become one block instance ×r. Found in
// O(length × longest unit) by comparing the sequence with itself shifted by k, for every k; then the same
// unit found alone elsewhere becomes another instance (×1) of the same block.
import type { Sequence } from './repeat-sequence';

/** A tensor: a position's output port. */
export interface Tensor {
  from: number;
  port: number;
}

/** Where a regular copy's input comes from: `at` positions before its start, or one shared tensor (an Input layer's). */
type RepeatInput = { at: number; port: number } | { shared: number; port: number };
/** What a copy passes on as output j (the next copy's input j): one of its layers, or its own input `pass`. */
export type RepeatOutput = { inner: number; port: number } | { pass: number };

export interface Stack {
  start: number;
  /** Positions (layers) per copy. */
  size: number;
  copies: number;
  /** What feeds the first copy, in input order. */
  inputs: Tensor[];
  outputs: RepeatOutput[];
  /** How one copy reads on its own (see readCopy). */
  unit: string;
  /** Stacks with equal keys repeat the same unit with the same outputs: instances of one block. */
  key: string;
}

/** A one-layer block is no simpler to read than the layer. */
const MIN_UNIT = 2;
/** Longer than any cell we know of (a NASNet cell has ~60 layers), and it bounds the search's cost. */
const MAX_UNIT = 400;

/** The longest runs first, each made into a stack where its copies can chain; runs never overlap. */
export function findStacks(seq: Sequence): Stack[] {
  const { length: n, symbol } = seq;
  const best = { saved: new Int32Array(n), size: new Int32Array(n), copies: new Int32Array(n) };
  const run = new Int32Array(n + 1);
  for (let k = MIN_UNIT; k <= Math.min(Math.floor(n / 2), MAX_UNIT); k++) {
    run[n - k] = 0;
    for (let i = n - k - 1; i >= 0; i--) {
      const length = (run[i] = symbol[i] >= 0 && symbol[i] === symbol[i + k] ? run[i + 1] + 1 : 0);
      if (length < k) continue;
      const copies = 1 + Math.floor(length / k);
      const saved = (copies - 1) * k;
      if (saved > best.saved[i]) {
        best.saved[i] = saved;
        best.size[i] = k;
        best.copies[i] = copies;
      }
    }
  }
  const taken = new Uint8Array(n);
  const stacks: Stack[] = [];
  const candidates = Array.from({ length: n }, (_, i) => i).filter((i) => best.saved[i] > 0);
  candidates.sort((a, b) => best.saved[b] - best.saved[a] || a - b);
  // A run that cannot be a stack from any of its first k starts is not retried one position on (a U-Net's
  // encoder, read again by its decoder, would be tried at every layer).
  const failed = new Int32Array(n);
  for (const i of candidates) {
    if (taken[i] || failed[i] === best.size[i]) continue; // inside a longer run already made a stack, or one that failed
    const stack = placeRun(seq, i, best.size[i], best.copies[i], taken);
    if (!stack) {
      failed.fill(best.size[i], i, i + best.size[i]);
      continue;
    }
    taken.fill(1, stack.start, stack.start + stack.size * stack.copies);
    stacks.push(stack);
  }
  return [...stacks, ...loneCopies(seq, stacks, taken)].sort((a, b) => a.start - b.start);
}

/**
 * The unit of a stack found again elsewhere, on its own: another instance of the same block (×1), where
 * nothing outside reads its layers but through the block's outputs.
 */
function loneCopies(seq: Sequence, stacks: readonly Stack[], taken: Uint8Array): Stack[] {
  const lone: Stack[] = [];
  const units = new Map(stacks.map((stack) => [stack.key, stack]));
  for (const { size: k, unit, outputs, key, start: first } of units.values())
    for (let start = 0; start + k <= seq.length; start++) {
      if (seq.content[start] !== seq.content[first] || !free(taken, start, k)) continue;
      const copy = readCopy(seq, start, k);
      const stack = { start, size: k, copies: 1, inputs: copy.inputs, outputs, unit, key };
      if (copy.key !== unit || !readOnlyThroughOutputs(seq, stack)) continue;
      taken.fill(1, start, start + k);
      lone.push(stack);
      start += k - 1;
    }
  return lone;
}

/** Length of the names' common prefix: a short one between neighbours is a change of Keras name prefix, a block's edge. */
export function commonLength(a = '', b = ''): number {
  let k = 0;
  while (k < a.length && a[k] === b[k]) k++;
  return k;
}

/** How many starts of a run are tried: the best-ranked starts are blocks' own; more only costs time on runs that fail. */
const STARTS_TRIED = 4;

/**
 * The run found at i, started where a block most likely starts: the same run shifted by up to k-1 positions
 * may read as well (a residual block from its ReLU to the next block's add), so the start with the fewest
 * tensors crossing into it, then the sharpest change of name prefix, wins. Free positions only.
 */
function placeRun(seq: Sequence, i: number, k: number, copies: number, taken: Uint8Array): Stack | undefined {
  const { symbol, width, names } = seq;
  // Copies that read alike from each start, as in findStacks, up to the first position already in a stack.
  let end = Math.min(seq.length, i + (copies + 1) * k);
  for (let p = i; p < end; p++) if (taken[p]) end = p;
  const run = new Int32Array(end - i + 1);
  for (let p = end - k - 1; p >= i; p--) run[p - i] = symbol[p] >= 0 && symbol[p] === symbol[p + k] ? run[p - i + 1] + 1 : 0;
  const starts: { start: number; copies: number }[] = [];
  for (let start = i; start < i + k && start + 2 * k <= end; start++) {
    const fit = Math.min(copies, 1 + Math.floor(run[start - i] / k), Math.floor((end - start) / k));
    if (fit >= 2) starts.push({ start, copies: fit });
  }
  const rank = (s: number) => [width[s], commonLength(names[s - 1], names[s])];
  starts.sort((a, b) => b.copies - a.copies || rank(a.start)[0] - rank(b.start)[0] || rank(a.start)[1] - rank(b.start)[1] || a.start - b.start);
  for (const { start, copies: fit } of starts.slice(0, STARTS_TRIED)) {
    const stack = chain(seq, start, k, fit, taken);
    if (stack) return stack;
  }
  return undefined;
}

const free = (taken: Uint8Array, start: number, k: number) => taken.subarray(start, start + k).every((t) => !t);

/**
 * A copy read on its own: each layer's content and where its inputs come from, inside the copy by offset,
 * outside it by number (first read, first numbered), with the outside tensors in that order.
 */
function readCopy(seq: Sequence, start: number, k: number): { key: string; inputs: Tensor[] } {
  const inputs: Tensor[] = [];
  const index = new Map<string, number>();
  const parts: string[] = [];
  for (let p = start; p < start + k; p++) {
    const refs = seq.inputs[p].map(({ from, port }) => {
      if (from >= start) return `${p - from}:${port}`;
      const key = `${from}:${port}`;
      if (!index.has(key)) index.set(key, inputs.push({ from, port }) - 1);
      return `x${index.get(key)}`;
    });
    parts.push(`${seq.content[p]}(${refs.join()})`);
  }
  return { key: parts.join(';'), inputs };
}

/**
 * The stack, if its copies chain: every input of a copy is an output of the copy before (one of its layers
 * or one of its own inputs passed on), and nothing outside reads a copy's layers except through the last
 * copy's outputs. Undefined otherwise (a U-Net's encoder blocks, read again by the decoder, stay layers).
 * The copy just before the run joins it when it reads the same inside and feeds the run as a copy would:
 * its own inputs may come from elsewhere (NASNet's first cell after a reduction reads the cell before that).
 */
function chain(seq: Sequence, start: number, k: number, copies: number, taken: Uint8Array): Stack | undefined {
  const inputs: RepeatInput[] = [];
  const index = new Map<string, number>();
  const keyOf = (input: RepeatInput) => ('at' in input ? `${input.at}:${input.port}` : `@${input.shared}:${input.port}`);
  for (let p = start; p < start + k; p++)
    for (const { from, port } of seq.inputs[p]) {
      if (from >= start) continue;
      const input = seq.shared[from] ? { shared: from, port } : { at: from - start, port };
      if (!index.has(keyOf(input))) index.set(keyOf(input), inputs.push(input) - 1);
    }
  const outputs: RepeatOutput[] = [];
  for (const input of inputs) {
    if (!('at' in input)) outputs.push({ pass: index.get(keyOf(input))! });
    else if (input.at >= -k) outputs.push({ inner: k + input.at, port: input.port });
    else {
      const passed = index.get(keyOf({ at: input.at + k, port: input.port }));
      if (passed === undefined) return undefined;
      outputs.push({ pass: passed });
    }
  }
  const regular = readCopy(seq, start, k);
  const make = (from: number, count: number, first: { inputs: Tensor[] }): Stack => ({
    start: from,
    size: k,
    copies: count,
    inputs: first.inputs,
    outputs,
    unit: regular.key,
    key: `${regular.key}|${JSON.stringify(outputs)}`,
  });
  let stack = make(start, copies, regular);
  if (!readOnlyThroughOutputs(seq, stack)) return undefined;
  while (stack.start >= k && free(taken, stack.start - k, k)) {
    const before = readCopy(seq, stack.start - k, k);
    const fed = (out: RepeatOutput): Tensor | undefined => ('inner' in out ? { from: stack.start - k + out.inner, port: out.port } : before.inputs[out.pass]);
    const feeds = stack.inputs.every((t, j) => {
      const f = fed(outputs[j]);
      return f && f.from === t.from && f.port === t.port;
    });
    const longer = make(stack.start - k, stack.copies + 1, before);
    if (before.key !== regular.key || !feeds || !readOnlyThroughOutputs(seq, longer)) break;
    stack = longer;
  }
  return stack;
}

/** Whether everything after the stack reads its layers only through its outputs. */
function readOnlyThroughOutputs(seq: Sequence, stack: Stack): boolean {
  const outOf = stackOutputs(stack);
  const end = stack.start + stack.copies * stack.size;
  for (let p = stack.start; p < end; p++) for (const { to, port } of seq.consumers[p]) if (to >= end && !outOf.has(`${p}:${port}`)) return false;
  return true;
}

/**
 * Which layer output (position:port) each output of the whole stack is, as the output's number. An output
 * the last copy passes on is the copy before's; one that leads back before the first copy is not the stack's.
 */
export function stackOutputs(stack: Pick<Stack, 'start' | 'size' | 'copies' | 'outputs'>): Map<string, number> {
  const { start, size, copies, outputs } = stack;
  const map = new Map<string, number>();
  outputs.forEach((first, j) => {
    let [out, copyStart] = [first, start + (copies - 1) * size];
    while ('pass' in out && copyStart >= start) [out, copyStart] = [outputs[out.pass], copyStart - size];
    const key = 'inner' in out && copyStart >= start ? `${copyStart + out.inner}:${out.port}` : undefined;
    if (key && !map.has(key)) map.set(key, j);
  });
  return map;
}
