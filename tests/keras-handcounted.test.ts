// Layers tfjs-layers lacks, and Keras 1 spellings: models written as each Keras version writes them, with
// every expected number worked out by hand from that Keras's own source (each file's `derivation` cites
// the function; tests/fixtures/keras-handcounted/README.md lists them). None comes from Paramsketch.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { reportImport } from '../src/shared/report';

interface HandCounted {
  keras: string;
  derivation: string;
  model: unknown;
  expected: {
    total: number;
    trainable: number;
    nonTrainable: number;
    layers: { name: string; params: number; trainable?: number; nonTrainable?: number; outputShape?: unknown }[];
  };
}

const dir = new URL('./fixtures/keras-handcounted/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as HandCounted] as const);

describe('hand-counted Keras models (tests/fixtures/keras-handcounted)', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThan(40));

  it.each(files)('%s', (_file, fixture) => {
    const report = reportImport(importKerasModel(fixture.model), 'keras');
    expect(report.errors).toEqual([]);
    const { total, trainable, nonTrainable, layers } = fixture.expected;
    expect([report.total, report.trainable, report.nonTrainable], fixture.derivation).toEqual([total, trainable, nonTrainable]);
    for (const layer of layers) {
      const ours = report.layers.find((l) => l.name === layer.name);
      expect(ours, layer.name).toBeDefined();
      expect(ours!.params, `${layer.name}: ${fixture.derivation}`).toBe(layer.params);
      if (layer.trainable !== undefined) expect([ours!.trainable, ours!.nonTrainable], layer.name).toEqual([layer.trainable, layer.nonTrainable]);
      if (layer.outputShape !== undefined) expect(ours!.outputShape, layer.name).toEqual(layer.outputShape);
    }
  });
});
