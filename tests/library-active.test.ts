// The library's summary of a design carries its active parameters where experts make them differ from the
// total: Mixtral-8x7B's 12,879,925,248 of 46,702,792,704 (its publisher's figures, issue 16's table).
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/main/store/open-store';
import { summariseSketch } from '../src/main/store/summary';
import { templateById } from '../src/shared/templates';

const sketchOf = (id: string) => ({ name: id, convention: 'pytorch' as const, design: templateById(id)!.design('pytorch'), layout: {} });

describe('the library summary', () => {
  it('carries Mixtral’s active parameters beside its total', () => {
    const summary = summariseSketch(sketchOf('mixtral-8x7b'));
    expect([summary.paramsPytorch, summary.activeParams]).toEqual(['46702792704', '12879925248']);
  });

  it('has none for a design without experts: Llama 2 7B’s total is what a token uses', () => {
    const summary = summariseSketch(sketchOf('llama-2-7b'));
    expect([summary.paramsPytorch, summary.activeParams]).toEqual(['6738415616', null]);
  });
});

describe('the library', () => {
  it('lists Mixtral’s active parameters after a save, and keeps them on a duplicate', () => {
    const store = openStore({ path: ':memory:' });
    try {
      const saved = store.save(sketchOf('mixtral-8x7b'));
      store.save(sketchOf('llama-2-7b'));
      const copy = store.duplicate(saved.id);
      const active = Object.fromEntries(store.list().map((d) => [d.id, d.activeParams ?? null]));
      expect(active[saved.id]).toBe('12879925248');
      expect(active[copy.id]).toBe('12879925248');
      expect(Object.values(active).filter((a) => a === null)).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
