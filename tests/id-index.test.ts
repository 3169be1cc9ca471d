import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../src/shared/id-index';

const nodes = (ids: string[]) => ids.map((id) => ({ id }));

/** What the index must agree with: the first node with each id, from a Map. */
function firstIndices(ids: string[]): Map<string, number> {
  const first = new Map<string, number>();
  ids.forEach((id, i) => first.has(id) || first.set(id, i));
  return first;
}

function expectLikeMap(ids: string[], probes: string[]) {
  const repeats = new Uint8Array(ids.length);
  const index = new IdIndex(nodes(ids), repeats);
  const first = firstIndices(ids);
  expect(index.size).toBe(first.size);
  ids.forEach((id, i) => expect(repeats[i], `repeat mark of node ${i} (${id})`).toBe(first.get(id) === i ? 0 : 1));
  for (const id of [...ids, ...probes]) {
    expect(index.get(id), id).toBe(first.get(id));
    expect(index.has(id), id).toBe(first.has(id));
  }
}

describe('IdIndex: the first node with an id', () => {
  it('agrees with a Map on random ids, repeats included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 200 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 20 }), expectLikeMap),
    );
  });

  it('agrees on ids that differ only before their last characters (they share a tail: the whole id is hashed)', () => {
    // 3,000 ids with one 16-character tail: one run of slots unless the index hashes everything.
    const ids = Array.from({ length: 3000 }, (_, i) => `layer_${i}/attention/query_dense`);
    expectLikeMap([...ids, ids[5], ids[2999]], ['layer_3000/attention/query_dense', 'attention/query_dense', '']);
  });

  it('agrees on sequential editor-style ids and ids of any length', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 3 ? `dense_${i}` : `n${i}`));
    expectLikeMap([...ids, 'dense_1', '', ''], ['dense_5000', 'n', 'dense_']);
  });

  it('gives an id that is not text a slot rather than throwing (a design read from outside)', () => {
    const odd = [{ id: 7 }, { id: null }, { id: 'a' }, { id: 7 }] as unknown as { id: string }[];
    const repeats = new Uint8Array(4);
    const index = new IdIndex(odd, repeats);
    expect(index.size).toBe(3);
    expect([...repeats]).toEqual([0, 0, 0, 1]);
    expect(index.get(7 as unknown as string)).toBe(0);
    expect(index.get('a')).toBe(2);
    expect(index.get('7')).toBeUndefined();
  });
});
