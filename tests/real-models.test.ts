// Real model files from public repositories (tests/fixtures/real-models/README.md), each checked against
// independent evidence from its own repository: the weights a TensorFlow.js manifest or an .h5 lists (as
// h5py and the manifest say, per layer: scripts/fixtures/real-models/), or a committed model.summary().
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../src/shared/keras/file';
import { reportImport } from '../src/shared/report';

interface Source {
  file: string;
  format: string;
  weightsOnly?: boolean;
}
interface Expected {
  evidence: 'weights-manifest' | 'h5-weights' | 'summary';
  weightsOnly?: boolean;
  totals?: { total: number; trainable: number | null; nonTrainable: number | null };
  layers?: { name: string; type: string; outputShape: unknown; params: number }[];
  weights?: { layer: string; name: string; shape: number[] }[];
}

const dir = new URL('./fixtures/real-models/', import.meta.url);
const folders = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const at = (file: string) => new URL(`${d.name}/${file}`, dir);
    const source = JSON.parse(readFileSync(at('source.json'), 'utf8')) as Source;
    const expected = JSON.parse(readFileSync(at('expected.json'), 'utf8')) as Expected;
    return [d.name, source, expected, new Uint8Array(readFileSync(at(source.file)))] as const;
  });

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

describe('real model files agree with their own repository’s evidence', () => {
  it('has at least 20 files, from Keras 1, 2 and 3 and TensorFlow.js', () => {
    expect(folders.length).toBeGreaterThanOrEqual(20);
    const formats = new Set(folders.map(([, s]) => s.format));
    for (const f of ['keras1-json', 'keras2-json', 'keras3-json', 'tfjs-model-json', 'h5', 'keras-archive']) expect(formats).toContain(f);
  });

  it.each(folders)('%s', (_name, source, expected, bytes) => {
    const imported = readModelFile(bytes);
    if (expected.weightsOnly && source.format === 'h5') {
      expect(imported.problems.map((p) => p.message).join()).toMatch(/only weights/);
      return;
    }
    const report = reportImport(imported, 'keras');
    expect(report.errors).toEqual([]);
    const params = new Map(report.layers.map((l) => [l.name, l.params]));
    if (expected.weights) {
      const perLayer = new Map<string, number>();
      for (const w of expected.weights) perLayer.set(w.layer, (perLayer.get(w.layer) ?? 0) + size(w.shape));
      expect(report.total).toBe([...perLayer.values()].reduce((a, b) => a + b, 0));
      for (const [layer, count] of perLayer) expect(params.get(layer), layer).toBe(count);
      // Every layer the evidence holds no weights for has none here either.
      for (const l of report.layers) if (!perLayer.has(l.name) && !l.name.includes(' (call ')) expect(l.params, l.name).toBe(0);
    }
    if (expected.totals) {
      const { total, trainable, nonTrainable } = expected.totals;
      expect(report.total).toBe(total);
      if (trainable !== null) expect([report.trainable, report.nonTrainable]).toEqual([trainable, nonTrainable]);
    }
    for (const layer of expected.layers ?? []) {
      expect(params.get(layer.name), layer.name).toBe(layer.params);
      const ours = report.layers.find((l) => l.name === layer.name);
      if (layer.outputShape !== 'multiple') expect(ours?.outputShape, layer.name).toEqual(layer.outputShape);
    }
  });
});
