// Sequence alignment for the comparison view: which layer of one design is which layer of another.
// Sequences are of interned keys (Int32Array), so equality is an integer compare in the hot loop.

/**
 * Above this many DP cells (after trimming the common prefix and suffix) the exact LCS gives way to
 * `matchInOrder`. The table is a Uint16Array: 8 MB at the limit; 1,000 × 1,000 layers fill 1M cells
 * and take a few milliseconds.
 */
export const LCS_MAX_CELLS = 4_000_000;

/** For each index of `a`, the index of `b` it is aligned with, or -1; matches increase in both. */
export interface Alignment {
  matchOfA: Int32Array;
  /** False when the sequences were too long for the exact LCS and were matched by `matchInOrder`. */
  exact: boolean;
}

/**
 * Longest common subsequence of a[a0, a1) and b[b0, b1), written into `matchOfA`. O(n·m) time and
 * space in typed arrays; lengths fit in 16 bits because min(n, m) ≤ √LCS_MAX_CELLS.
 */
function lcsInto(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, matchOfA: Int32Array): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const w = m + 1;
  // suffix[i * w + j] = LCS length of a[a0 + i …] and b[b0 + j …].
  const suffix = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    const ai = a[a0 + i];
    const row = i * w;
    const below = row + w;
    for (let j = m - 1; j >= 0; j--) {
      suffix[row + j] =
        ai === b[b0 + j] ? suffix[below + j + 1] + 1 : Math.max(suffix[below + j], suffix[row + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[a0 + i] === b[b0 + j]) (matchOfA[a0 + i] = b0 + j), i++, j++;
    else if (suffix[(i + 1) * w + j] >= suffix[i * w + j + 1]) i++;
    else j++;
  }
}

/**
 * The fallback for long sequences: each element of `a` takes the first unused equal element of `b`,
 * then only the longest run of those pairs increasing in `b` is kept (patience sorting, O(k log k)).
 * Where keys are unique (layer names usually are) this is exactly the LCS.
 */
function matchInOrderInto(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, matchOfA: Int32Array): void {
  const waiting = new Map<number, number[]>();
  for (let j = b1 - 1; j >= b0; j--) {
    const list = waiting.get(b[j]);
    if (list) list.push(j);
    else waiting.set(b[j], [j]);
  }
  const candA: number[] = [];
  const candB: number[] = [];
  for (let i = a0; i < a1; i++) {
    const j = waiting.get(a[i])?.pop();
    if (j !== undefined) candA.push(i), candB.push(j);
  }
  // tails[k]: the candidate ending the best increasing run of length k + 1 found so far.
  const tails: number[] = [];
  const previous = new Int32Array(candB.length);
  for (let c = 0; c < candB.length; c++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candB[tails[mid]] < candB[c]) lo = mid + 1;
      else hi = mid;
    }
    previous[c] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = c;
  }
  for (let c = tails.length ? tails[tails.length - 1] : -1; c >= 0; c = previous[c]) matchOfA[candA[c]] = candB[c];
}

/** Aligns a[a0, a1) with b[b0, b1) into `matchOfA`; returns whether the alignment is the exact LCS. */
function alignRange(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, matchOfA: Int32Array): boolean {
  // Compared designs are mostly versions of each other: the shared ends cost nothing and shrink the table.
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) matchOfA[a0++] = b0++;
  while (a0 < a1 && b0 < b1 && a[a1 - 1] === b[b1 - 1]) matchOfA[--a1] = --b1;
  if (a0 === a1 || b0 === b1) return true;
  if ((a1 - a0) * (b1 - b0) <= LCS_MAX_CELLS) {
    lcsInto(a, a0, a1, b, b0, b1, matchOfA);
    return true;
  }
  matchInOrderInto(a, a0, a1, b, b0, b1, matchOfA);
  return false;
}

/**
 * Aligns two layer sequences by levels of keys, strictest first: `levels[0]` (name and type) over the
 * whole sequences, then each looser level over the gaps the ones before left between matched layers,
 * so that a renamed or reconfigured layer in the same place pairs up rather than showing as one removed
 * and one added. `levelsA[k]` and `levelsB[k]` are the two sequences' keys at level k.
 */
export function alignLayers(levelsA: readonly Int32Array[], levelsB: readonly Int32Array[]): Alignment {
  const [n, m] = [levelsA[0].length, levelsB[0].length];
  const matchOfA = new Int32Array(n).fill(-1);
  let exact = alignRange(levelsA[0], 0, n, levelsB[0], 0, m, matchOfA);
  for (let level = 1; level < levelsA.length; level++) {
    const [a, b] = [levelsA[level], levelsB[level]];
    let i = 0;
    let j = 0;
    while (i < n) {
      if (matchOfA[i] >= 0) {
        j = matchOfA[i++] + 1;
        continue;
      }
      let gapEndA = i;
      while (gapEndA < n && matchOfA[gapEndA] < 0) gapEndA++;
      const gapEndB = gapEndA < n ? matchOfA[gapEndA] : m;
      if (j < gapEndB) exact = alignRange(a, i, gapEndA, b, j, gapEndB, matchOfA) && exact;
      i = gapEndA;
    }
  }
  return { matchOfA, exact };
}
