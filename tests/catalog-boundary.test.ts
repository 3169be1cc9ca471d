// Catalog v2: nothing outside src/shared/catalog knows a layer by name, and a layer registered from
// outside (here, a test's own) is known everywhere a built-in one is: importable by its Keras alias,
// wrappable, in the palette's data, counted and given a formula from its declared weights.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptedTypes, CATALOG, FAMILIES, FAMILY_TABLE, layerSpec, registerLayer } from '../src/shared/catalog';
import type { LayerSpec } from '../src/shared/catalog/types';
import type { Design } from '../src/shared/design';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport } from '../src/shared/report';
import { tensor } from '../src/shared/tensor';

const SRC = new URL('../src/', import.meta.url).pathname;
/** The catalog itself, and the gallery's templates: designs written as code, which name layers as a file does. */
const EXEMPT = ['shared/catalog/', 'shared/templates/'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

describe('no module outside the catalog names a layer', () => {
  const names = new Set(CATALOG.flatMap((s) => [s.type, s.kerasClass, ...(s.kerasAliases ?? [])].filter((n): n is string => !!n)));
  const files = sources(SRC).filter((f) => !EXEMPT.some((e) => relative(SRC, f).startsWith(e)));

  it('scans the app’s sources', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(names.size).toBeGreaterThan(60);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    // A layer's name as a string literal ('Conv2D', "Input", `LSTM`): that module would know the layer.
    const named = [...text.matchAll(/(['"`])([A-Za-z][A-Za-z0-9]*)\1/g)].map((m) => m[2]).filter((word) => names.has(word));
    expect(named).toEqual([]);
  });
});

describe('a layer registered from outside the catalog is known everywhere', () => {
  // Scales every feature by a learned factor: one weight per feature, declared once.
  const Scale: LayerSpec = {
    type: 'TestScale',
    family: 'core',
    description: 'Multiplies each feature by a learned factor.',
    kerasAliases: ['OldTestScale'],
    fields: [{ name: 'use_offset', kind: 'bool', default: false }],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => (ctx.inputs[0].dims.at(-1) === null ? { message: 'needs a known last axis' } : tensor(ctx.inputs[0].dims)),
    weights: (ctx) => {
      const features = ctx.inputs[0].dims.at(-1) as number;
      const scale = { name: 'scale', shape: [features], role: 'trainable' as const };
      return ctx.values.use_offset ? [scale, { name: 'offset', shape: [features], role: 'trainable' as const }] : [scale];
    },
  };
  registerLayer(Scale);

  it('is in the palette’s data, under its family', () => {
    expect(CATALOG.filter((s) => s.family === 'core').map((s) => s.type)).toContain('TestScale');
    expect(FAMILIES).toContain('core');
    expect(FAMILY_TABLE.core.title).toBe('Core');
    expect(layerSpec('TestScale')).toBe(Scale);
  });

  it('is counted, with the formula its weights give', () => {
    const design: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [7] } },
        { id: 's', type: 'TestScale', fields: { use_offset: true } },
      ],
      edges: [{ from: 'in', to: 's' }],
    };
    const result = nodeResult(evaluateDesign(design, { convention: 'keras' }), 's')!;
    expect(result.params).toBe(14n); // 7 scales + 7 offsets
    expect(result.formula).toBe('2×7 = 14');
  });

  it('is importable by its Keras alias, and wrappable by TimeDistributed', () => {
    const model = {
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 3], name: 'in' } },
          { class_name: 'OldTestScale', config: { name: 'scale' } },
          { class_name: 'TimeDistributed', config: { name: 'td', layer: { class_name: 'TestScale', config: { use_offset: true } } } },
        ],
      },
    };
    const report = reportImport(importKerasModel(model), 'keras');
    expect(report.errors).toEqual([]);
    expect(report.layers.map((l) => [l.name, l.type, l.params])).toEqual([
      ['in', 'Input', 0],
      ['scale', 'TestScale', 3],
      ['td', 'TimeDistributed', 6],
    ]);
    const td = layerSpec('TimeDistributed')!.fields.find((f) => f.kind === 'layer')!;
    expect(acceptedTypes(td as Extract<typeof td, { kind: 'layer' }>)).toContain('TestScale');
  });
});
