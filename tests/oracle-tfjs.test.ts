// Every model tfjs-layers built and counted (tests/fixtures/tfjs, from scripts/fixtures/generate-tfjs.ts)
// must come out the same here: totals, trainable split, per-layer params, output shapes and weights.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { catalogType } from '../src/shared/keras/layers';
import { reportImport } from '../src/shared/report';
import { evaluateDesign, nodeResult } from '../src/shared/evaluate';

interface ExpectedLayer {
  name: string;
  className: string;
  params: number;
  trainable: number;
  nonTrainable: number;
  outputShape: unknown;
  weights: { name: string; shape: number[]; trainable: boolean }[];
}
interface Fixture {
  model: unknown;
  expected: { total: number; trainable: number; nonTrainable: number; layers: ExpectedLayer[] };
}

const dir = new URL('./fixtures/tfjs/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture] as const);

// tfjs names a Bidirectional's weights after the wrapped layer (forward_gru/kernel); we say forward/kernel.
const weightName = (name: string) => name.replace(/^(forward|backward)_[^/]+\//, '$1/');

describe('tfjs-layers oracle', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThan(100));

  it.each(fixtures)('%s', (_file, fixture) => {
    const imported = importKerasModel(fixture.model);
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
      expect({ name: ours!.name, type: ours!.type, params: ours!.params, trainable: ours!.trainable, nonTrainable: ours!.nonTrainable, outputShape: ours!.outputShape }).toEqual({
        name: layer.name,
        type: catalogType(layer.className),
        params: layer.params,
        trainable: layer.trainable,
        nonTrainable: layer.nonTrainable,
        outputShape: layer.outputShape,
      });
      const weights = nodeResult(evaluation, layer.name)!.weights.map((w) => ({ name: w.name, shape: w.shape, trainable: w.role === 'trainable' }));
      expect(weights, layer.name).toEqual(layer.weights.map((w) => ({ ...w, name: weightName(w.name) })));
    }
  });
});
