// The summary exports: CSV that a strict RFC 4180 reader takes back cell for cell, and Markdown in the
// layout of Keras's model.summary(), checked against numbers Keras and the seed articles print.
import { describe, expect, it } from 'vitest';
import type { Design, LayerNode } from '../src/shared/design';
import { readableBytes, sketchReport, summaryCsv, summaryMarkdown } from '../src/shared/files/summary-export';
import type { Sketch } from '../src/shared/sketch';

/** An Input and layers, each fed by the one before. */
function chainOf(name: string, nodes: LayerNode[], convention: Sketch['convention'] = 'keras'): Sketch {
  const design: Design = { nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) };
  return { name, convention, design, layout: {} };
}

// Seed 000 (Karim, "Counting No. of Parameters in Deep Learning Models by Hand"), example 1.1:
// (3×5 + 5×2) + (5+2) = 32, i.e. 3×5 + 5 = 20 for the hidden layer and 5×2 + 2 = 12 for the output.
const ffnn = chainOf('ffnn', [
  { id: 'input_layer', type: 'Input', fields: { shape: [3] } },
  { id: 'dense', type: 'Dense', fields: { units: 5 } },
  { id: 'dense_1', type: 'Dense', fields: { units: 2 } },
]);

// keras.io's "Simple MNIST convnet" example, whose printed summary ends:
//  Total params: 34,826 (136.04 KB) / Trainable params: 34,826 (136.04 KB) / Non-trainable params: 0 (0.00 B)
// with 320, 18,496 and 16,010 for the two convolutions and the dense layer.
const mnist = chainOf('mnist', [
  { id: 'input_layer', type: 'Input', fields: { shape: [28, 28, 1] } },
  { id: 'conv2d', type: 'Conv2D', fields: { filters: 32, kernel_size: [3, 3], activation: 'relu' } },
  { id: 'max_pooling2d', type: 'MaxPooling2D', fields: { pool_size: [2, 2] } },
  { id: 'conv2d_1', type: 'Conv2D', fields: { filters: 64, kernel_size: [3, 3], activation: 'relu' } },
  { id: 'max_pooling2d_1', type: 'MaxPooling2D', fields: { pool_size: [2, 2] } },
  { id: 'flatten', type: 'Flatten' },
  { id: 'dropout', type: 'Dropout', fields: { rate: 0.5 } },
  { id: 'dense', type: 'Dense', fields: { units: 10, activation: 'softmax' } },
]);

/** A strict RFC 4180 reader: CRLF after every record, quotes only around whole fields; anything else throws. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), i++;
        else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
    } else if (c === ',') (record.push(field), (field = ''), i++);
    else if (c === '\r' && text[i + 1] === '\n') (record.push(field), records.push(record), (record = []), (field = ''), (i += 2));
    else if (c === '"' || c === '\r' || c === '\n') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else (field += c), i++;
  }
  if (field || record.length) throw new Error('the last record has no CRLF');
  return records;
}

/** The cells of a Markdown table row, split on pipes that are not escaped. */
const cells = (row: string): string[] =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

const tableRows = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('|')).slice(2).map(cells);

describe('Markdown', () => {
  it('the seed FFNN 3→5→2: 20 and 12 per layer, 32 in all, with Keras’s total lines', () => {
    const markdown = summaryMarkdown(sketchReport(ffnn));
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('Model: "ffnn", Keras convention');
    expect(lines).toContain('| Layer (type) | Output Shape | Param # | Formula |');
    expect(tableRows(markdown).map((row) => [row[0], row[2]])).toEqual([
      ['input_layer (Input)', '0'],
      ['dense (Dense)', '20'],
      ['dense_1 (Dense)', '12'],
    ]);
    expect(lines).toContain('Total params: 32 (128.00 B)\\');
    expect(lines).toContain('Trainable params: 32 (128.00 B)\\');
    expect(lines).toContain('Non-trainable params: 0 (0.00 B)');
  });

  it('Keras’s MNIST convnet: the same per-layer counts and total lines as its model.summary()', () => {
    const markdown = summaryMarkdown(sketchReport(mnist));
    const rows = tableRows(markdown);
    expect(rows.map((row) => row[2])).toEqual(['0', '320', '0', '18,496', '0', '0', '0', '16,010']);
    expect(rows[3].slice(0, 2)).toEqual(['conv2d_1 (Conv2D)', '(None, 11, 11, 64)']);
    expect(markdown).toContain('Total params: 34,826 (136.04 KB)\\\nTrainable params: 34,826 (136.04 KB)\\\nNon-trainable params: 0 (0.00 B)\n');
  });

  it('a pipe, a line break or markup in a name stays inside its cell, as text', () => {
    const names = ['a|b', 'two\nlines', '*bold*', '_x_', '<b>', 'back\\slash|', 'dense_1'];
    const sketch = chainOf('odd | names', [
      { id: 'in', type: 'Input', fields: { shape: [4] } },
      ...names.map((name, i) => ({ id: `d${i}`, name, type: 'Dense', fields: { units: 2 } })),
    ]);
    const markdown = summaryMarkdown(sketchReport(sketch));
    const rows = tableRows(markdown);
    expect(rows.every((row) => row.length === 4)).toBe(true);
    expect(rows.slice(1).map((row) => row[0])).toEqual([
      'a\\|b (Dense)',
      'two<br>lines (Dense)',
      '\\*bold\\* (Dense)',
      '\\_x\\_ (Dense)',
      '\\<b\\> (Dense)',
      'back\\\\slash\\| (Dense)',
      'dense_1 (Dense)',
    ]);
    expect(markdown.split('\n')[0]).toBe('Model: "odd \\| names", Keras convention');
  });

  it('layers that could not be counted show ?, and the totals say so; problems are listed', () => {
    const sketch = chainOf('broken', [
      { id: 'in', type: 'Input', fields: { shape: [4] } },
      { id: 'bad', type: 'Dense', fields: { units: -1 } },
      { id: 'after', type: 'Dense', fields: { units: 3 } },
    ]);
    const markdown = summaryMarkdown(sketchReport(sketch));
    expect(tableRows(markdown).map((row) => row[2])).toEqual(['0', '?', '?']);
    expect(markdown).toContain('Totals not counting 2 layers with problems.');
    expect(markdown).toMatch(/^- bad › units: /m);
  });

  it('the PyTorch convention is named, and its counts used', () => {
    const sketch = chainOf('bn', [
      { id: 'in', type: 'Input', fields: { shape: [8] } },
      { id: 'bn', type: 'BatchNormalization' },
    ], 'pytorch');
    const markdown = summaryMarkdown(sketchReport(sketch));
    expect(markdown.split('\n')[0]).toBe('Model: "bn", PyTorch convention');
    // γ and β only: running statistics are buffers in PyTorch, not parameters.
    expect(markdown).toContain('Total params: 16 (64.00 B)');
  });
});

describe('CSV', () => {
  it('one record per layer and a Total record, plain digits, shapes quoted for their commas', () => {
    const csv = summaryCsv(sketchReport(ffnn));
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parseCsv(csv);
    expect(records[0]).toEqual(['Layer', 'Type', 'Output shape', 'Param #', 'Trainable', 'Non-trainable', 'Formula']);
    expect(records.slice(1).map((r) => r.slice(0, 6))).toEqual([
      ['input_layer', 'Input', '(None, 3)', '0', '0', '0'],
      ['dense', 'Dense', '(None, 5)', '20', '20', '0'],
      ['dense_1', 'Dense', '(None, 2)', '12', '12', '0'],
      ['Total', '', '', '32', '32', '0'],
    ]);
    expect(csv).toContain('"(None, 5)"');
  });

  it('names with commas, quotes and line breaks read back exactly', () => {
    const names = ['a,b', 'say "hi"', 'two\nlines', 'crlf\r\nhere', '"', ',', ' padded ', '=1+1', 'ünïcødé ✓'];
    const sketch = chainOf('quoting', [
      { id: 'in', type: 'Input', fields: { shape: [4] } },
      ...names.map((name, i) => ({ id: `d${i}`, name, type: 'Dense', fields: { units: 1 } })),
    ]);
    const records = parseCsv(summaryCsv(sketchReport(sketch)));
    expect(records.every((r) => r.length === 7)).toBe(true);
    expect(records.slice(2, -1).map((r) => r[0])).toEqual(names);
    // Dense(1) on 4 inputs, then Dense(1) on 1: 4 + 1 and 1 + 1.
    expect(records.slice(2, -1).map((r) => r[3])).toEqual(names.map((_, i) => (i === 0 ? '5' : '2')));
  });

  it('counts past 2^53 stay exact digits; uncounted layers leave their cells empty', () => {
    const sketch = chainOf('huge', [
      { id: 'in', type: 'Input', fields: { shape: [2 ** 26] } },
      { id: 'wide', type: 'Dense', fields: { units: 2 ** 30 } },
      { id: 'bad', type: 'Dense', fields: { units: 0 } },
    ]);
    const records = parseCsv(summaryCsv(sketchReport(sketch)));
    const exact = (2n ** 26n * 2n ** 30n + 2n ** 30n).toString();
    expect(records[2].slice(3, 6)).toEqual([exact, exact, '0']);
    expect(records[3].slice(2, 7)).toEqual(['', '', '', '', '']);
    expect(records[4]).toEqual(['Total', '', '', exact, exact, '0', 'not counting 1 layer with problems']);
    expect(summaryMarkdown(sketchReport(sketch))).toContain('| 72,057,595,111,669,760 |');
  });
});

describe('sizes as Keras prints them', () => {
  it.each([
    [0n, '0.00 B'],
    [128n, '128.00 B'],
    [1023n, '1023.00 B'],
    [1024n, '1.00 KB'],
    [34_826n * 4n, '136.04 KB'],
    [12_620n * 4n, '49.30 KB'],
    // 1.125 KB: Python's '{:.2f}' rounds the exact half to even ('1.12'); JS's toFixed would say 1.13.
    [1152n, '1.12 KB'],
    [1166n, '1.14 KB'],
    [3n * 1024n ** 2n / 2n, '1.50 MB'],
    [5n * 1024n ** 4n, '5.00 TB'],
    [2048n * 1024n ** 5n, '2048.00 PB'],
  ])('%s bytes → %s', (bytes, text) => {
    expect(readableBytes(bytes)).toBe(text);
  });
});
