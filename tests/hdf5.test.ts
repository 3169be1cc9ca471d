// The HDF5 reader (src/shared/keras/hdf5.ts) on real Keras files. Every expected value is what h5py read
// from the same file (scripts/fixtures/real-models/h5_weights.py, scripts/fixtures/hdf5_fixtures.py),
// never a number from Paramsketch.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../src/shared/keras/file';
import { readHdf5Model, type Hdf5Model } from '../src/shared/keras/hdf5';
import { reportImport } from '../src/shared/report';

const realDir = new URL('./fixtures/real-models/', import.meta.url);
const hdf5Dir = new URL('./fixtures/hdf5/', import.meta.url);

interface Source {
  file: string;
  format: 'h5' | 'keras-archive';
  evidence: { kind: string };
}
interface Expected {
  evidence: string;
  modelConfigSha256?: string;
  weightsOnly: boolean;
  kerasVersion?: string;
  backend?: string;
  weights: Hdf5Model['weights'];
}

/** Every folder of real files whose evidence is the weights h5py read (other folders hold other evidence). */
const real = readdirSync(realDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const dir = new URL(`${d.name}/`, realDir);
    let source: Source;
    let expected: Expected;
    try {
      source = JSON.parse(readFileSync(new URL('source.json', dir), 'utf8')) as Source;
      expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Expected;
    } catch {
      return [];
    }
    // Other folders hold model JSON with other evidence; these keep the .h5 or .keras itself.
    if (!['h5', 'keras-archive'].includes(source.format) || source.evidence?.kind !== 'h5-weights' || expected.evidence !== 'h5-weights') return [];
    return [{ slug: d.name, source, expected, bytes: new Uint8Array(readFileSync(new URL(source.file, dir))) }];
  });
const h5Files = real.filter((r) => r.source.format === 'h5');
const archives = real.filter((r) => r.source.format === 'keras-archive');

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const read = (bytes: Uint8Array): Hdf5Model => {
  const result = readHdf5Model(bytes);
  if ('problem' in result) throw new Error(result.problem);
  return result;
};
const problemOf = (bytes: Uint8Array): string => {
  const result = readHdf5Model(bytes);
  return 'problem' in result ? result.problem : '(read without a problem)';
};

describe('real Keras .h5 files read as h5py reads them', () => {
  it('has the real files: Keras 1, Keras 2, tf.keras and Keras 3; full models and weights-only', () => {
    const versions = h5Files.map((r) => r.expected.kerasVersion ?? 'none');
    expect(versions.some((v) => v.startsWith('1.'))).toBe(true);
    expect(versions.some((v) => v.startsWith('2.') && !v.endsWith('-tf'))).toBe(true);
    expect(versions.some((v) => v.endsWith('-tf'))).toBe(true);
    expect(versions.some((v) => v.startsWith('3.'))).toBe(true);
    expect(h5Files.filter((r) => r.expected.weightsOnly).length).toBeGreaterThan(0);
    expect(h5Files.filter((r) => !r.expected.weightsOnly).length).toBeGreaterThanOrEqual(6);
    expect(archives.length).toBeGreaterThanOrEqual(2);
  });

  it.each(h5Files.map((r) => [r.slug, r] as const))('%s: model_config, versions and every weight shape', (_slug, r) => {
    const model = read(r.bytes);
    if (r.expected.weightsOnly) expect(model.modelConfig).toBeNull();
    else expect(sha256(model.modelConfig ?? '')).toBe(r.expected.modelConfigSha256);
    expect(model.kerasVersion).toBe(r.expected.kerasVersion);
    expect(model.backend).toBe(r.expected.backend);
    expect(model.weights).toEqual(r.expected.weights);
  });

  it.each(archives.map((r) => [r.slug, r] as const))('%s: the .keras archive model.weights.h5 (layers/ groups)', (_slug, r) => {
    const model = read(unzipSync(r.bytes, { filter: (f) => f.name === 'model.weights.h5' })['model.weights.h5']);
    expect(model.modelConfig).toBeNull();
    expect(model.weights).toEqual(r.expected.weights);
  });

  it('reads a view into a larger buffer (the file not at offset 0)', () => {
    const r = h5Files[0];
    const padded = new Uint8Array(r.bytes.length + 100);
    padded.set(r.bytes, 37);
    expect(read(padded.subarray(37, 37 + r.bytes.length)).weights).toEqual(r.expected.weights);
  });
});

describe('readModelFile on .h5', () => {
  it.each(h5Files.filter((r) => !r.expected.weightsOnly).map((r) => [r.slug, r] as const))(
    '%s: a full model gives its design and the weight shapes from the file',
    (_slug, r) => {
      const imported = readModelFile(r.bytes);
      expect(imported.weightShapes).toEqual(r.expected.weights);
      expect(imported.problems.map((p) => p.message).join('\n')).not.toMatch(/HDF5|\.h5/);
    },
  );

  // The file's own weights (as h5py read them) are what Keras counts: the imported design must count the same.
  it.each([...h5Files.filter((r) => !r.expected.weightsOnly), ...archives].map((r) => [r.slug, r] as const))(
    '%s: the design counts exactly the weights the file holds',
    (_slug, r) => {
      const inFile = r.expected.weights.reduce((sum, w) => sum + w.shape.reduce((n, d) => n * d, 1), 0);
      const report = reportImport(readModelFile(r.bytes), 'keras');
      expect(report.errors).toEqual([]);
      expect(report.total).toBe(inFile);
    },
  );

  it.each(h5Files.filter((r) => r.expected.weightsOnly).map((r) => [r.slug, r] as const))('%s: a weights-only file says so', (_slug, r) => {
    const imported = readModelFile(r.bytes);
    expect(imported.design.nodes).toEqual([]);
    expect(imported.problems).toHaveLength(1);
    expect(imported.problems[0].message).toMatch(/only weights.*save_weights.*to_json\(\).*\.keras/);
  });
});

describe('files it cannot read give a problem, never a throw', () => {
  const katakana = h5Files.find((r) => r.slug === 'keras2-seq2seq-katakana') ?? h5Files[0];

  it('a file cut inside its headers', () => {
    for (const cut of [8, 64, 512, 2048, 4096]) expect(problemOf(katakana.bytes.slice(0, cut))).toMatch(/HDF5.*could not be read/);
  });

  it('a file cut anywhere: a problem, or (cut only inside weight data) the whole right answer', () => {
    for (const r of h5Files) {
      const step = Math.max(1, Math.floor(r.bytes.length / 60));
      for (let cut = 0; cut < r.bytes.length; cut += step) {
        const result = readHdf5Model(r.bytes.slice(0, cut));
        if (!('problem' in result)) expect(result.weights).toEqual(r.expected.weights);
      }
    }
  });

  it('random bytes after the HDF5 signature', () => {
    const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (tail) => {
        expect(problemOf(new Uint8Array([...signature, ...tail]))).toMatch(/HDF5/);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('a real file with bytes changed at random: a problem or a result, never a throw', () => {
    const files = h5Files.map((r) => r.bytes);
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(255)), { minLength: 1, maxLength: 8 }), (which, edits) => {
        const bytes = files[which].slice();
        for (const [at, value] of edits) bytes[Math.min(bytes.length - 1, Math.floor(at * bytes.length))] = value;
        const result = readHdf5Model(bytes);
        expect('problem' in result ? typeof result.problem : typeof result.weights).not.toBe('undefined');
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('an HDF5 file that is not a Keras model', () => {
    const bytes = new Uint8Array(readFileSync(new URL('not-keras.h5', hdf5Dir)));
    expect(problemOf(bytes)).toMatch(/not a Keras model/);
    expect(readModelFile(bytes).problems[0].message).toMatch(/HDF5 file is not a Keras model/);
  });
});

describe('a 100 MB model is read without its weight data', () => {
  // large-cut.h5 was a 100 MB Keras-layout file (scripts/fixtures/hdf5_fixtures.py) cut off where its
  // weight data starts: what is left is only the headers. h5py refuses it (the file is shorter than it
  // says); a reader that never reads weight data still gets every shape. Padding the cut file back to
  // its full size with zeros in place of the weights must give the same answer: the weight bytes play
  // no part in it.
  const large = JSON.parse(readFileSync(new URL('large-cut.expected.json', hdf5Dir), 'utf8')) as {
    fullSize: number;
    cutAt: number;
    weightDataBytes: number;
    modelConfig: string;
    weights: Hdf5Model['weights'];
  };
  const cut = new Uint8Array(readFileSync(new URL('large-cut.h5', hdf5Dir)));

  it('the file is only the headers: none of the 100 MB of weights is in it', () => {
    expect(cut.length).toBe(large.cutAt);
    expect(large.weightDataBytes).toBeGreaterThan(100_000_000);
    expect(large.cutAt).toBeLessThan(large.fullSize - large.weightDataBytes + 1);
  });

  it('every shape and the model_config, from the headers alone', () => {
    const model = read(cut);
    expect(model.modelConfig).toBe(large.modelConfig);
    expect(model.weights).toEqual(large.weights);
    expect(readModelFile(cut).weightShapes).toEqual(large.weights);
  });

  it('the same at full size with zeros for the weights', () => {
    const full = new Uint8Array(large.fullSize);
    full.set(cut);
    expect(read(full).weights).toEqual(large.weights);
  });
});
