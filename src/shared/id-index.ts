/**
 * Which node has an id: the index into the node list of the first node with it. Every full evaluation
 * builds one for all nodes, and a `Map` of 10,000 string ids took ~1 ms of a ~7 ms evaluation here
 * (it grows and rehashes as it fills, and cannot be sized up front). This table is sized once; its slots
 * hold integers, and keys are compared to the nodes' own ids, so it holds no strings.
 */
export class IdIndex {
  readonly #ids: readonly { id: string }[];
  readonly #mask: number;
  #slots!: Int32Array;
  #hashes!: Int32Array;
  #hash = tailHash;
  /** Distinct ids. */
  size = 0;

  /** Nodes after the first with the same id are left out (they are `repeats`). */
  constructor(
    nodes: readonly { id: string }[],
    /** Filled, when given, with 1 for each node whose id an earlier node has. */
    repeats?: Uint8Array,
  ) {
    let bits = 4;
    while (1 << bits < nodes.length * 2) bits++;
    this.#ids = nodes;
    this.#mask = (1 << bits) - 1;
    if (!this.#fill(repeats)) {
      // Ids that differ only before their last characters crowd a few slots: hash all of every id.
      this.#hash = fullHash;
      repeats?.fill(0);
      this.#fill(repeats);
    }
  }

  /** Enters every node; false when a run of occupied slots grew past what a fair hash makes. */
  #fill(repeats: Uint8Array | undefined): boolean {
    const nodes = this.#ids;
    this.#slots = new Int32Array(this.#mask + 1).fill(-1);
    this.#hashes = new Int32Array(this.#mask + 1);
    this.size = 0;
    for (let i = 0; i < nodes.length; i++) {
      const id = nodes[i].id;
      const hash = this.#hash(id);
      let slot = hash & this.#mask;
      for (let run = 0; this.#slots[slot] >= 0; run++) {
        if (this.#hashes[slot] === hash && nodes[this.#slots[slot]].id === id) break;
        if (run > MAX_RUN && this.#hash === tailHash) return false;
        slot = (slot + 1) & this.#mask;
      }
      if (this.#slots[slot] < 0) (this.#slots[slot] = i), (this.#hashes[slot] = hash), this.size++;
      else if (repeats) repeats[i] = 1;
    }
    return true;
  }

  get(id: string): number | undefined {
    const hash = this.#hash(id);
    for (let slot = hash & this.#mask; this.#slots[slot] >= 0; slot = (slot + 1) & this.#mask)
      if (this.#hashes[slot] === hash && this.#ids[this.#slots[slot]].id === id) return this.#slots[slot];
    return undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}

const MAX_RUN = 32;
const TAIL = 8;

/**
 * FNV-1a over the length and the last few UTF-16 code units: ids differ most at their ends (`dense_12`,
 * `conv4_block3_out`), and reading fewer characters halved the time of the table. A design read from
 * outside may hold an id that is not text: it still gets a slot.
 */
function tailHash(id: string): number {
  if (typeof id !== 'string') return 0;
  let hash = Math.imul(0x811c9dc5 ^ id.length, 0x01000193);
  for (let k = Math.max(0, id.length - TAIL); k < id.length; k++) hash = Math.imul(hash ^ id.charCodeAt(k), 0x01000193);
  return hash;
}

/** FNV-1a over every UTF-16 code unit. */
function fullHash(id: string): number {
  if (typeof id !== 'string') return 0;
  let hash = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) hash = Math.imul(hash ^ id.charCodeAt(k), 0x01000193);
  return hash;
}
