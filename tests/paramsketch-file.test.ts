// The native file format: what is written reads back as the same sketch, and every way a file can be
// wrong comes back as a named problem (with where it is), never as an exception.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFileSize,
  FILE_VERSION,
  MAX_FILE_BYTES,
  paramsketchFileJsonSchema,
  readParamsketchFile,
  upgradeFile,
  writeParamsketchFile,
  type ReadResult,
} from '../src/shared/files/paramsketch-file';
import type { Design } from '../src/shared/design';
import type { Sketch } from '../src/shared/sketch';
import { chainDesign, validishDesign } from './arbitraries/designs';
import { convention } from './arbitraries/fields';

const position = fc.record({
  x: fc.double({ noNaN: true, noDefaultInfinity: true }),
  y: fc.integer({ min: -1e6, max: 1e6 }),
});

const sketchOf = (design: fc.Arbitrary<Design>): fc.Arbitrary<Sketch> =>
  design.chain((d) =>
    fc.record({
      name: fc.string({ unit: 'binary', maxLength: 40 }),
      convention,
      design: fc.constant(d),
      layout: fc
        .tuple(fc.subarray(d.nodes.map((n) => n.id)), fc.array(position, { minLength: d.nodes.length, maxLength: d.nodes.length }))
        .map(([ids, spots]) => Object.fromEntries(ids.map((id, i) => [id, spots[i]]))),
    }),
  );

const anySketch = fc.oneof(sketchOf(validishDesign({ maxLayers: 8 })), sketchOf(chainDesign('layer ', { huge: true })));

const ffnn: Sketch = {
  name: 'FFNN 3→5→2',
  convention: 'keras',
  design: {
    nodes: [
      { id: 'in', type: 'Input', fields: { shape: [3] } },
      { id: 'hidden', type: 'Dense', fields: { units: 5 } },
      { id: 'out', type: 'Dense', fields: { units: 2 } },
    ],
    edges: [
      { from: 'in', to: 'hidden' },
      { from: 'hidden', to: 'out' },
    ],
  },
  layout: { in: { x: 0, y: 0 }, hidden: { x: 0, y: 120 } },
};

/** The file of `ffnn`, as an object to damage. */
const fileObject = (): Record<string, any> => JSON.parse(writeParamsketchFile(ffnn));

function expectProblem(result: ReadResult, fragment: string | RegExp, path?: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  if (typeof fragment === 'string') expect(result.error.message).toContain(fragment);
  else expect(result.error.message).toMatch(fragment);
  expect(result.error.path).toBe(path);
}

const readObject = (file: unknown) => readParamsketchFile(JSON.stringify(file, null, 2));

describe('writing and reading back', () => {
  it('writes the envelope, pretty-printed, and reads the same sketch', () => {
    const text = writeParamsketchFile(ffnn, { savedBy: 'Paramsketch 0.1.0' });
    expect(text.startsWith('{\n  "format": "paramsketch",\n  "version": 2,\n  "savedBy": "Paramsketch 0.1.0",\n  "sketch": {')).toBe(true);
    expect(readParamsketchFile(text)).toEqual({ ok: true, sketch: ffnn, warnings: [] });
  });

  it('round trip: any sketch reads back equal; saving what was opened settles on one text (clean diffs)', () => {
    fc.assert(
      fc.property(anySketch, (sketch) => {
        const read = readParamsketchFile(writeParamsketchFile(sketch));
        // JSON has no -0 (a float field or a position may be one): it reads back as 0, as in any JSON.
        expect(read).toEqual({ ok: true, sketch: JSON.parse(JSON.stringify(sketch)), warnings: [] });
        if (!read.ok) return;
        // Reading orders keys as the schema does; from then on the text stays the same.
        const saved = writeParamsketchFile(read.sketch);
        const again = readParamsketchFile(saved);
        expect(again.ok && writeParamsketchFile(again.sketch)).toBe(saved);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(readParamsketchFile(`\uFEFF${writeParamsketchFile(ffnn)}`).ok).toBe(true);
  });

  it('opens designs with layer-level problems: the editor lists those', () => {
    const withProblems: Sketch = {
      ...ffnn,
      design: {
        nodes: [...ffnn.design.nodes, { id: 'odd', type: 'NotALayer' }, { id: 'bad', type: 'Dense', fields: { units: -4 } }],
        edges: [
          ...ffnn.design.edges,
          ...[{ from: 'out', to: 'bad' }, { from: 'bad', to: 'odd' }, { from: 'odd', to: 'bad' }],
          { from: 'in', to: 'out', fromPort: 7 },
        ],
      },
      layout: { ...ffnn.layout, ghost: { x: 1, y: 1 } },
    };
    expect(readParamsketchFile(writeParamsketchFile(withProblems))).toEqual({ ok: true, sketch: withProblems, warnings: [] });
  });
});

describe('files that do not open, and what they say', () => {
  it('empty and truncated files', () => {
    expectProblem(readParamsketchFile(''), 'the file is empty');
    expectProblem(readParamsketchFile(' \n '), 'the file is empty');
    const text = writeParamsketchFile(ffnn);
    for (const cut of [text.indexOf('"sketch"') + 11, text.indexOf('"Dense"') + 3, text.length - 3])
      expectProblem(
        readParamsketchFile(text.slice(0, cut)),
        /^not valid JSON: the file ends in the middle of a value \(line \d+, column \d+\); is it cut short\?$/,
      );
  });

  it('malformed JSON names the line and column where the engine gives a position', () => {
    const missingComma = '{\n  "format": "paramsketch",\n  "version": 1\n  "sketch": {}\n}';
    expectProblem(readParamsketchFile(missingComma), /^not valid JSON: .*\(line 4, column 3\)$/);
    expectProblem(readParamsketchFile('{"format": "paramsketch"}}'), /^not valid JSON: .*\(line 1, column 26\)$/);
    // V8 gives no position for an unexpected token, only the text around it: that stays in the message.
    expectProblem(readParamsketchFile('{\n"format": paramsketch}'), /^not valid JSON: Unexpected token 'p'/);
  });

  it('valid JSON of the wrong shape names the first thing wrong and its JSON path', () => {
    const typeNumber = fileObject();
    typeNumber.sketch.design.nodes[1].type = 3;
    expectProblem(readObject(typeNumber), 'sketch.design.nodes[1].type should be text, not the number 3', 'sketch.design.nodes[1].type');

    const noSketch = fileObject();
    delete noSketch.sketch;
    expectProblem(readObject(noSketch), 'sketch is missing', 'sketch');

    const convention = fileObject();
    convention.sketch.convention = 'tensorflow';
    expectProblem(readObject(convention), 'should be "keras" or "pytorch", not the text "tensorflow"', 'sketch.convention');

    const port = fileObject();
    port.sketch.design.edges[1].toPort = 1.5;
    expectProblem(readObject(port), 'should be a whole number, not the number 1.5', 'sketch.design.edges[1].toPort');

    const layout = fileObject();
    layout.sketch.layout['my node'] = { x: 'left', y: 0 };
    expectProblem(readObject(layout), 'should be a number', 'sketch.layout["my node"].x');

    const emptyKey = fileObject();
    emptyKey.sketch.layout[''] = { x: 0, y: 0 };
    expectProblem(readObject(emptyKey), 'sketch.layout[""] is not an allowed key: it is empty', 'sketch.layout[""]');
  });

  it('a field value follows the one kind of value it is closest to', () => {
    const nested = fileObject();
    nested.sketch.design.nodes[1].fields.layer = { fields: { units: 3 } };
    expectProblem(readObject(nested), 'is missing', 'sketch.design.nodes[1].fields.layer.type');

    const long = fileObject();
    long.sketch.design.nodes[1].fields.activation = 'x'.repeat(20_000);
    expectProblem(readObject(long), 'is longer than 10,000 characters', 'sketch.design.nodes[1].fields.activation');

    const list = fileObject();
    list.sketch.design.nodes[0].fields.shape = [3, 'four'];
    expectProblem(readObject(list), /sketch\.design\.nodes\[0\]\.fields\.shape/, 'sketch.design.nodes[0].fields.shape[1]');
  });

  it('a file from a newer version, and versions that make no sense', () => {
    const newer = 'written by a newer Paramsketch (file version 3); this version reads versions up to 2';
    expectProblem(readObject({ ...fileObject(), version: 3 }), newer, 'version');
    expectProblem(readObject({ ...fileObject(), version: '1' }), 'version should be a whole number from 1, not the text "1"', 'version');
    expectProblem(readObject({ ...fileObject(), version: 0 }), 'not the number 0', 'version');
    const { version: _, ...noVersion } = fileObject();
    expectProblem(readObject(noVersion), 'version is missing', 'version');
  });

  it('JSON that is not a Paramsketch file: a Keras model is pointed to the Keras import', () => {
    const kerasToJson = { class_name: 'Functional', config: { name: 'model', layers: [] }, keras_version: '3.3.3', backend: 'tensorflow' };
    expectProblem(readObject(kerasToJson), 'import it as a Keras model');
    const tfjsModelJson = { format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter', modelTopology: {} };
    expectProblem(readObject(tfjsModelJson), 'import it as a Keras model');
    expectProblem(readObject({ format: 'something-else' }), 'not a Paramsketch file: its format is "something-else"', 'format');
    expectProblem(readObject(ffnn), 'not a Paramsketch file: a Paramsketch file is a JSON object starting {"format": "paramsketch", …}');
    expectProblem(readObject([1, 2]), 'this one holds a list');
    expectProblem(readObject(42), 'this one holds the number 42');
  });

  it('what the editor cannot hold: a repeated node id, an edge to a node that is not there', () => {
    const repeated = fileObject();
    repeated.sketch.design.nodes.push({ id: 'hidden', type: 'Dense', fields: { units: 1 } });
    expectProblem(readObject(repeated), 'sketch.design.nodes[3].id repeats "hidden", the id of node 1', 'sketch.design.nodes[3].id');

    const toGhost = fileObject();
    toGhost.sketch.design.edges.push({ from: 'out', to: 'ghost' });
    expectProblem(readObject(toGhost), 'sketch.design.edges[2].to names "ghost", which is not a node of the design', 'sketch.design.edges[2].to');

    const fromGhost = fileObject();
    fromGhost.sketch.design.edges[0].from = 'nowhere';
    expectProblem(readObject(fromGhost), 'names "nowhere"', 'sketch.design.edges[0].from');
  });

  it('size: the renderer checks first, and reading refuses what is surely too big', () => {
    expect(MAX_FILE_BYTES).toBe(32 * 1024 * 1024);
    expect(checkFileSize(50 * 1024 * 1024)).toEqual({ message: 'the file is 50.0 MB; Paramsketch opens files up to 32 MB' });
    expect(checkFileSize(MAX_FILE_BYTES + 1)?.message).toContain('the file is 32.1 MB');
    expect(checkFileSize(MAX_FILE_BYTES)).toBeUndefined();
    expect(checkFileSize(0)).toBeUndefined();
    expectProblem(readParamsketchFile(' '.repeat(MAX_FILE_BYTES + 1)), 'Paramsketch opens files up to 32 MB');
  });
});

describe('never throws', () => {
  const settles = (result: ReadResult) => {
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
  };

  it('on arbitrary text and arbitrary JSON', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => settles(readParamsketchFile(text))), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), (value) => settles(readObject(value))), { numRuns: 500 });
  });

  it('on a real file with any part of it replaced by arbitrary JSON', () => {
    const paths = (value: unknown, at: (string | number)[] = []): (string | number)[][] =>
      value !== null && typeof value === 'object'
        ? [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, Array.isArray(value) ? Number(k) : k]))]
        : [at];
    fc.assert(
      fc.property(anySketch, fc.nat(), fc.jsonValue(), (sketch, pick, replacement) => {
        const file = JSON.parse(writeParamsketchFile(sketch));
        const all = paths(file).filter((p) => p.length > 0);
        const path = all[pick % all.length];
        const parent = path.slice(0, -1).reduce((at, key) => at[key], file);
        parent[path[path.length - 1]] = replacement;
        settles(readObject(file));
      }),
      { numRuns: 300 },
    );
  });

  it('on nesting deep enough to exhaust the stack', () => {
    let nested = '{"type": "Dense"}';
    for (let i = 0; i < 20_000; i++) nested = `{"type": "TimeDistributed", "fields": {"layer": ${nested}}}`;
    const text = writeParamsketchFile(ffnn).replace('"units": 5', `"units": 5, "layer": ${nested}`);
    settles(readParamsketchFile(text));
    settles(readParamsketchFile('['.repeat(1_000_000)));
  });
});

describe('upgrades', () => {
  it('a file of the current version goes through no step', () => {
    expect(FILE_VERSION).toBe(2);
    const file = fileObject();
    expect(upgradeFile(file, FILE_VERSION, [])).toBe(file);
  });

  it('version 1 → 2: a node of a type nothing knows becomes a custom layer of that class, said in a warning; the rest reads the same', () => {
    const v1: Record<string, any> = { ...fileObject(), version: 1 };
    expect(readObject(v1)).toEqual({ ok: true, sketch: ffnn, warnings: [] });
    v1.sketch.design.nodes[1] = { id: 'hidden', type: 'MyGate', fields: { gates: 5 } };
    const read = readObject(v1);
    expect(read.ok && read.sketch.design.nodes[1]).toEqual({ id: 'hidden', type: 'CustomLayer', fields: { gates: 5, class_name: 'MyGate' } });
    expect(read.ok && read.warnings).toEqual(["'hidden' (type MyGate) is now a custom layer: give its output shape and parameter count"]);
  });

  it('each step runs in order from the file’s version, and the result carries the newest version', () => {
    const warnings: string[] = [];
    const steps = [
      (file: Record<string, unknown>, notes: string[]) => (notes.push('1 → 2'), { ...file, two: true }),
      (file: Record<string, unknown>, notes: string[]) => (notes.push('2 → 3'), { ...file, three: file.two === true }),
    ];
    const upgraded = upgradeFile({ format: 'paramsketch', version: 1 }, 1, warnings, steps);
    expect(upgraded).toEqual({ format: 'paramsketch', version: 3, two: true, three: true });
    expect(warnings).toEqual(['1 → 2', '2 → 3']);
    expect(upgradeFile({ version: 2 }, 2, [], steps)).toEqual({ version: 3, three: false });
  });
});

describe('JSON Schema', () => {
  const committed = JSON.parse(readFileSync(new URL('../resources/paramsketch-file.schema.json', import.meta.url), 'utf8'));

  it('resources/paramsketch-file.schema.json is what the format says now (run `npx tsx scripts/write-file-schema.ts`)', () => {
    expect(committed).toEqual(paramsketchFileJsonSchema());
  });

  // No JSON Schema validator is installed (no ajv in node_modules), so a small one for exactly the
  // keywords the schema uses, independent of zod; an unknown keyword fails loudly rather than passing.
  const KEYWORDS = new Set([
    ...['$schema', 'title', 'description', '$defs', '$ref', 'type', 'const', 'enum', 'anyOf'],
    ...['properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum'],
  ]);
  const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  function violations(schema: any, value: any, at = '$'): string[] {
    for (const key of Object.keys(schema)) if (!KEYWORDS.has(key)) throw new Error(`the test's validator does not know ${key}`);
    if (schema.$ref) return violations(committed.$defs[schema.$ref.replace('#/$defs/', '')], value, at);
    const out: string[] = [];
    const fail = (why: string) => out.push(`${at}: ${why}`);
    if (schema.type) {
      const types: string[] = [schema.type].flat();
      const ok = types.some((t) => (t === 'integer' ? Number.isInteger(value) : kindOf(value) === t));
      if (!ok) return [`${at}: not ${types.join('/')}`];
    }
    if ('const' in schema && value !== schema.const) fail(`not ${schema.const}`);
    if (schema.enum && !schema.enum.includes(value)) fail('not in enum');
    if (schema.anyOf && !schema.anyOf.some((s: any) => violations(s, value, at).length === 0)) fail('matches no alternative');
    if (typeof value === 'string' && value.length > (schema.maxLength ?? Infinity)) fail('too long');
    if (typeof value === 'string' && value.length < (schema.minLength ?? 0)) fail('too short');
    if (typeof value === 'number' && (value < (schema.minimum ?? -Infinity) || value > (schema.maximum ?? Infinity))) fail('out of range');
    if (Array.isArray(value)) {
      if (value.length > (schema.maxItems ?? Infinity)) fail('too many items');
      if (schema.items) value.forEach((v, i) => out.push(...violations(schema.items, v, `${at}[${i}]`)));
    } else if (kindOf(value) === 'object') {
      for (const key of schema.required ?? []) if (!(key in value)) fail(`no ${key}`);
      for (const [key, v] of Object.entries(value)) {
        if (schema.propertyNames) out.push(...violations(schema.propertyNames, key, `${at} key ${key}`));
        const sub = schema.properties?.[key] ?? schema.additionalProperties;
        if (sub) out.push(...violations(sub, v, `${at}.${key}`));
      }
    }
    return out;
  }

  it('accepts what Paramsketch writes', () => {
    fc.assert(
      fc.property(anySketch, (sketch) => {
        expect(violations(committed, JSON.parse(writeParamsketchFile(sketch)))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what Paramsketch refuses for its shape', () => {
    const bad = [
      { ...fileObject(), version: 3 },
      { ...fileObject(), format: 'other' },
      { ...fileObject(), sketch: { ...ffnn, convention: 'tensorflow' } },
      { ...fileObject(), sketch: { ...ffnn, design: { ...ffnn.design, nodes: [{ type: 'Input' }] } } },
      { ...fileObject(), sketch: { ...ffnn, design: { ...ffnn.design, edges: [{ from: 'in', to: 'out', toPort: -1 }] } } },
      { ...fileObject(), sketch: { ...ffnn, layout: { in: { x: 'left', y: 0 } } } },
    ];
    for (const file of bad) {
      expect(violations(committed, file).length).toBeGreaterThan(0);
      expect(readObject(file).ok).toBe(false);
    }
  });
});
