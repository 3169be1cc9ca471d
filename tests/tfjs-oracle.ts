// The tfjs-layers oracle (tests/fixtures/tfjs, from scripts/fixtures/generate-tfjs.ts) and the one check
// every test that counts those models against it uses: totals, trainable split, per-layer params,
// output shapes and named weights, all as tfjs-layers computed them.
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';
import type { ImportResult } from '../src/shared/keras/import';
import { catalogType } from '../src/shared/keras/layers';
import { reportImport } from '../src/shared/report';
import type { OutputShape } from './keras3-format';

interface ExpectedLayer {
  name: string;
  className: string;
  params: number;
  trainable: number;
  nonTrainable: number;
  /** "multiple" where a shared layer's calls give different shapes (as Keras's summary prints it). */
  outputShape: OutputShape | 'multiple';
  /** A shared layer's output shape per call, in inbound_nodes order. */
  nodeOutputShapes?: OutputShape[];
  weights: { name: string; shape: number[]; trainable: boolean }[];
}
export interface Fixture {
  model: { class_name: string; config: { name: string; layers: { class_name: string; name?: string; config: Record<string, unknown>; inbound_nodes?: unknown[] }[] } };
  expected: { total: number; trainable: number; nonTrainable: number; layers: ExpectedLayer[] };
}

const dir = new URL('./fixtures/tfjs/', import.meta.url);
export const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture] as const);

// tfjs names a Bidirectional's weights after the wrapped layer (forward_gru/kernel); we say forward/kernel.
const weightName = (name: string) => name.replace(/^(forward|backward)_[^/]+\//, '$1/');

/** Model classes that can sit in another model's layer list: tfjs writes Model, Keras 2 Functional. */
export const NESTED_MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

export function expectLikeTfjs(imported: ImportResult, fixture: Fixture) {
  const report = reportImport(imported, 'keras');
  expect(report.errors).toEqual([]);
  expect([report.total, report.trainable, report.nonTrainable]).toEqual([
    fixture.expected.total,
    fixture.expected.trainable,
    fixture.expected.nonTrainable,
  ]);
  const evaluation = evaluateDesign(imported.design, { convention: 'keras' });
  for (const layer of fixture.expected.layers) {
    const ours = report.layers.find((l) => l.name === layer.name);
    expect(ours, layer.name).toBeDefined();
    // A nested model is one row for tfjs, and one block instance here: its type is the block it is imported as.
    const nested = NESTED_MODEL_CLASSES.has(layer.className);
    if (nested) expect(imported.design.blocks?.[ours!.type], `${layer.name} is a block instance`).toBeDefined();
    // A shared layer is a node per call here: the first holds the weights, the others are tied to it.
    const calls = layer.nodeOutputShapes;
    expect({ name: ours!.name, type: ours!.type, params: ours!.params, trainable: ours!.trainable, nonTrainable: ours!.nonTrainable, outputShape: calls ? calls[0] : ours!.outputShape }).toEqual({
      name: layer.name,
      type: nested ? ours!.type : catalogType(layer.className),
      params: layer.params,
      trainable: layer.trainable,
      nonTrainable: layer.nonTrainable,
      outputShape: calls ? ours!.outputShape : layer.outputShape,
    });
    if (calls) {
      const callRows = report.layers.filter((l) => l.name === layer.name || l.name.startsWith(`${layer.name} (call `));
      expect(callRows.map((l) => l.outputShape), `${layer.name}'s calls`).toEqual(calls);
      expect(callRows.slice(1).map((l) => l.params), `${layer.name}'s later calls hold no weights of their own`).toEqual(calls.slice(1).map(() => 0));
    }
    const weights = nodeResult(evaluation, layer.name)!.weights.map((w) => ({ name: w.name, shape: w.shape, trainable: w.role === 'trainable' }));
    expect(weights, layer.name).toEqual(layer.weights.map((w) => ({ ...w, name: weightName(w.name) })));
  }
}
