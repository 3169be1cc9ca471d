// Issue 17, items 2, 3 and 6 on files: .keras archives bounded by what they inflate to and checked against
// their CRC-32s, nested Keras models bounded in depth and renamed in linear time, the text table and the flat
// table on large or odd models, and Paramsketch files that always open again. Big inputs are generated here.
import { crc32 as zlibCrc32, constants, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../src/cli/summary-table';
import type { Design } from '../src/shared/design';
import { evaluateDesign, listProblems } from '../src/shared/evaluate';
import { MAX_FILE_BYTES, readParamsketchFile, reopenProblem, writeParamsketchFile } from '../src/shared/files/paramsketch-file';
import { readModelFile } from '../src/shared/keras/file';
import { importKerasModel } from '../src/shared/keras/import';
import { crc32 } from '../src/shared/keras/zip';
import { summaryReport } from '../src/shared/report';
import { nestedSequentialText } from './hardening-helpers';

const MB = 2 ** 20;

/** A zip of one deflated entry, written by hand so that its directory may say what the test wants. */
function zipOfDeflated(name: string, deflated: Uint8Array, crc: number, size: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const header = (signature: number, length: number) => {
    const view = new DataView(new ArrayBuffer(length));
    view.setUint32(0, signature, true);
    return view;
  };
  const local = header(0x04034b50, 30);
  local.setUint16(4, 20, true);
  local.setUint16(8, 8, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, deflated.length, true);
  local.setUint32(22, size, true);
  local.setUint16(26, nameBytes.length, true);
  const central = header(0x02014b50, 46);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(10, 8, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, deflated.length, true);
  central.setUint32(24, size, true);
  central.setUint16(28, nameBytes.length, true);
  central.setUint32(42, 0, true);
  const directoryAt = 30 + nameBytes.length + deflated.length;
  const end = header(0x06054b50, 22);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, 46 + nameBytes.length, true);
  end.setUint32(16, directoryAt, true);
  const parts = [new Uint8Array(local.buffer), nameBytes, deflated, new Uint8Array(central.buffer), nameBytes, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/**
 * A config.json of `mb` MB of spaces, deflated: one MB deflated with a full flush (a byte-aligned block that
 * stands alone) repeated, then an empty final block. No 200 MB buffer is made, and zlib's CRC-32 is carried on.
 */
function spacesArchive(mb: number, declaredSize = mb * MB): Uint8Array {
  const chunk = Buffer.alloc(MB, 0x20);
  const block = deflateRawSync(chunk, { finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let k = 0; k < mb; k++) crc = zlibCrc32(chunk, crc);
  const deflated = Buffer.concat([...Array<Buffer>(mb).fill(block), Buffer.from([0x03, 0x00])]);
  return zipOfDeflated('config.json', deflated, crc, declaredSize);
}

describe('.keras archives', () => {
  it('a ~205 KB archive whose config.json inflates to 200 MB is refused, saying why', () => {
    const archive = spacesArchive(200);
    expect(archive.length).toBeLessThan(260 * 1024);
    const read = readModelFile(archive);
    expect(read.problems).toEqual([
      { path: [], message: `the .keras archive's config.json inflates to more than 32 MB; Paramsketch reads model configurations up to 32 MB` },
    ]);
  });

  it('one whose directory understates the size is stopped while inflating, at the limit', () => {
    const read = readModelFile(spacesArchive(40, 1_000));
    expect(read.problems.map((p) => p.message)).toEqual([expect.stringMatching(/inflates to more than 32 MB/)]);
  });

  it('a damaged entry (one byte changed) fails its CRC-32 and says the archive is damaged', () => {
    const config = new TextEncoder().encode(JSON.stringify({ class_name: 'Sequential', config: { name: 'm', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'in' } }, { class_name: 'Dense', config: { units: 2, name: 'd' } }] } }));
    const archive = zipSync({ 'config.json': [config, { level: 0 }] });
    expect(readModelFile(archive).problems).toEqual([]);
    const at = archive.indexOf(0x7b); // the JSON's opening brace, stored as it is
    const damaged = archive.slice();
    damaged[at + 5] ^= 0x01;
    expect(readModelFile(damaged).problems.map((p) => p.message)).toEqual(['the .keras archive is damaged: config.json does not match its checksum']);
  });

  it('our CRC-32 is zlib’s', () => {
    const bytes = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    expect(crc32(bytes)).toBe(0x414fa339);
  });
});

describe('nested Keras models', () => {
  it.each([900, 1_999])('Sequentials nested %i deep: a problem at the depth limit, no stack overflow', (depth) => {
    const imported = importKerasModel(JSON.parse(nestedSequentialText(depth)));
    expect(imported.problems[0].message).toBe('models are nested more than 64 deep here; Paramsketch reads up to 64 levels');
    expect(() => listProblems(evaluateDesign(imported.design, { convention: 'keras' }))).not.toThrow();
  });

  it('nested 10 deep count exactly: one Dense(4) on 4 inputs, 4·4 + 4', () => {
    const imported = importKerasModel(JSON.parse(nestedSequentialText(10)));
    expect(imported.problems).toEqual([]);
    expect(evaluateDesign(imported.design, { convention: 'keras' }).totals.params).toBe(20n);
  });

  it('a binary tree of nested models 12 deep (took 21 s to rename): 8,190 blocks, 4,096 Dense(4) of 20', () => {
    const tree = (depth: number): object =>
      depth === 0
        ? { class_name: 'Sequential', config: { name: 'leaf', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4], name: 'x' } }, { class_name: 'Dense', config: { units: 4, name: 'd' } }] } }
        : {
            class_name: 'Functional',
            config: {
              name: 'node',
              layers: [
                { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 4], name: 'x' }, inbound_nodes: [] },
                { ...tree(depth - 1), name: 'left', inbound_nodes: [[['x', 0, 0, {}]]] },
                { ...tree(depth - 1), name: 'right', inbound_nodes: [[['left', 0, 0, {}]]] },
              ],
              input_layers: [['x', 0, 0]],
              output_layers: [['right', 0, 0]],
            },
          };
    const imported = importKerasModel(tree(12));
    expect(imported.problems).toEqual([]);
    expect(Object.keys(imported.design.blocks!)).toHaveLength(2 ** 13 - 2);
    expect(new Set(Object.keys(imported.design.blocks!)).size).toBe(2 ** 13 - 2);
    expect(evaluateDesign(imported.design, { convention: 'keras' }).totals.params).toBe(4096n * 20n);
  }, 30_000);
});

describe('tables', () => {
  it('the text table of 130,000 layers (crashed spreading them into Math.max)', () => {
    const n = 130_000;
    const design: Design = {
      nodes: [{ id: 'in', type: 'Input', fields: { shape: [2] } }, ...Array.from({ length: n }, (_, i) => ({ id: `d${i}`, type: 'Dense', fields: { units: 2 } }))],
      edges: Array.from({ length: n }, (_, i) => ({ from: i ? `d${i - 1}` : 'in', to: `d${i}` })),
    };
    const table = summaryTable('big.json', summaryReport({ design, problems: [], warnings: [] }, 'keras'));
    expect(table).toContain(`Total params: ${(n * 6).toLocaleString('en-US')}`);
    expect(table.split('\n').filter((line) => line.includes('(Dense)'))).toHaveLength(n);
  }, 30_000);
});

describe('Paramsketch files always open again', () => {
  /** A sketch of `n` Dense layers with long names: its indented file is the size asked for. */
  const bigSketch = (n: number, nameLength: number) => ({
    name: 'big',
    convention: 'keras' as const,
    design: {
      nodes: Array.from({ length: n }, (_, i) => ({ id: `d${i}`, name: `${'n'.repeat(nameLength)}${i}`, type: 'Dense', fields: { units: 2 } })),
      edges: [],
    },
    layout: Object.fromEntries(Array.from({ length: n }, (_, i) => [`d${i}`, { x: i, y: i }])),
  });

  it('a file whose indented text would pass 32 MB is written without indentation, and opens', () => {
    const sketch = bigSketch(70_000, 330);
    const indented = JSON.stringify({ format: 'paramsketch', version: 1, savedBy: 'Paramsketch', sketch }, null, 2);
    expect(indented.length).toBeGreaterThan(MAX_FILE_BYTES);
    const written = writeParamsketchFile(sketch);
    expect(written.length).toBeLessThanOrEqual(MAX_FILE_BYTES);
    expect(reopenProblem(written)).toBeUndefined();
    const read = readParamsketchFile(written);
    expect(read.ok && read.sketch.design.nodes).toHaveLength(70_000);
    // A file that fits keeps its indentation (diffs stay readable).
    expect(writeParamsketchFile(bigSketch(2, 3))).toContain('\n  "format"');
  }, 30_000);

  it('a file too large even so is said to be so, by its UTF-8 size', () => {
    expect(reopenProblem('x'.repeat(33 * MB))).toBe('the file is 33.0 MB; Paramsketch opens files up to 32 MB: this file will not open again in Paramsketch');
    // 'é' is 2 bytes in UTF-8, '😀' 4 (two UTF-16 units): 12 M and 4 M of them are 24 MB and 16 MB.
    expect(reopenProblem('é'.repeat(12 * MB))).toBeUndefined();
    expect(reopenProblem('é'.repeat(17 * MB))).toMatch(/^the file is 34\.0 MB/);
    expect(reopenProblem('😀'.repeat(9 * MB))).toMatch(/^the file is 36\.0 MB/);
  });
});
