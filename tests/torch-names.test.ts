// The PyTorch convention names layers and settings as torch does. Every name a spec declares is checked against
// torch itself: tests/fixtures/pytorch/torch-names.json records, for each layer type the PyTorch fixtures build,
// the torch.nn class the builder made and that class's own arguments (inspect.signature), written by
// scripts/fixtures/generate_pytorch.py with torch 1.13.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, layerSpec } from '../src/shared/catalog';
import { fieldLabel, layerLabel } from '../src/shared/catalog/torch-names';

const TORCH: Record<string, Record<string, string[]>> = JSON.parse(readFileSync(new URL('./fixtures/pytorch/torch-names.json', import.meta.url), 'utf8'));
const named = CATALOG.filter((spec) => spec.torch || spec.fields.some((f) => f.torch));

describe('torch names in the catalog', () => {
  it('are declared for the layers PyTorch users meet most', () => {
    const expected = { Dense: 'nn.Linear', Conv2D: 'nn.Conv2d', Conv1DTranspose: 'nn.ConvTranspose1d', MaxPooling2D: 'nn.MaxPool2d', AveragePooling3D: 'nn.AvgPool3d', LSTM: 'nn.LSTM', SimpleRNN: 'nn.RNN', Embedding: 'nn.Embedding', Dropout: 'nn.Dropout', LayerNormalization: 'nn.LayerNorm', GroupNormalization: 'nn.GroupNorm' };
    // Read from torch's record, not from the catalog: the single class the builder made for each type.
    for (const type of Object.keys(expected)) expect(Object.keys(TORCH[type]), type).toEqual([expected[type as keyof typeof expected]]);
    for (const type of Object.keys(expected)) expect(layerSpec(type)?.torch, type).toBe(Object.keys(TORCH[type])[0]);
  });

  it.each(named.filter((spec) => TORCH[spec.type]).map((spec) => [spec.type, spec] as const))('%s: its torch class and argument names are torch’s own', (_, spec) => {
    const classes = TORCH[spec.type];
    if (spec.torch) expect(Object.keys(classes)).toContain(spec.torch);
    // Where a spec names no class, its fields' names are checked against the class torch built for it.
    const args = classes[spec.torch ?? Object.keys(classes)[0]];
    for (const field of spec.fields.filter((f) => f.torch)) expect(args, `${spec.type}.${field.name}`).toContain(field.torch);
  });

  it('leave no layer’s torch class unchecked: each is one torch’s fixtures build', () => {
    expect(CATALOG.filter((spec) => spec.torch && !TORCH[spec.type]).map((spec) => spec.type)).toEqual([]);
  });

  it('show only in the PyTorch convention, and never change what the file holds', () => {
    const conv = layerSpec('Conv2D')!;
    const filters = conv.fields.find((f) => f.name === 'filters')!;
    expect([layerLabel(conv, 'pytorch'), layerLabel(conv, 'keras')]).toEqual(['nn.Conv2d', 'Conv2D']);
    expect([fieldLabel(filters, 'pytorch'), fieldLabel(filters, 'keras')]).toEqual(['out_channels', 'filters']);
  });
});
