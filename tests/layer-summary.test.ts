// The one-line summaries on canvas nodes, read from each catalog entry's `summary` declaration.
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../src/shared/catalog';
import { layerSummary } from '../src/renderer/src/editor/describe';

describe('layer summaries', () => {
  it('name only real fields of their layer', () => {
    for (const spec of CATALOG)
      for (const key of spec.summary ?? []) expect(spec.fields.map((f) => f.name), `${spec.type}: ${key}`).toContain(key.replace(/\?$/, ''));
  });

  it('show key fields always and optional ones only when changed from the default', () => {
    expect(layerSummary({ id: 'c', type: 'Conv2D' })).toBe('32 · 3×3');
    expect(layerSummary({ id: 'c', type: 'Conv2D', fields: { filters: 64, padding: 'same' } })).toBe('64 · 3×3 · same');
    expect(layerSummary({ id: 'c', type: 'Conv2D', fields: { kernel_size: 5, strides: [2, 2] } })).toBe('32 · 5×5 · strides 2×2');
    // A single int spelled for every axis is the default too (Keras allows strides=1).
    expect(layerSummary({ id: 'c', type: 'Conv2D', fields: { strides: 1 } })).toBe('32 · 3×3');
    expect(layerSummary({ id: 'd', type: 'Dense', fields: { units: 10, activation: 'relu', use_bias: false } })).toBe('10 · relu · use_bias=False');
    expect(layerSummary({ id: 'g', type: 'GRU', fields: { units: 5, return_sequences: true, reset_after: false } })).toBe('5 · return_sequences · reset_after=False');
    expect(layerSummary({ id: 'i', type: 'Input', fields: { shape: [null, 3] } })).toBe('(None, 3)');
    expect(layerSummary({ id: 'b', type: 'Bidirectional', fields: { layer: { type: 'GRU' }, merge_mode: 'sum' } })).toBe('GRU · sum');
    expect(layerSummary({ id: 'f', type: 'Flatten' })).toBe('');
    expect(layerSummary({ id: 'x', type: 'NoSuchLayer' })).toBe('');
  });
});
