/**
 * The native file format: a sketch in a small JSON envelope that says what the file is and which version
 * of the format wrote it, so that a later Paramsketch can upgrade it and an earlier one can say it's too new.
 *
 *   { "format": "paramsketch", "version": 1, "savedBy": "Paramsketch 0.1.0", "sketch": { … } }
 *
 * The sketch is checked with the same schema the API checks a saved sketch with (`sketchSchema`).
 */
import { z } from 'zod';
import { sketchSchema } from '../api';
import { buildTopology } from '../graph';
import type { Sketch } from '../sketch';
import { upgradeV1 } from './upgrade-v1';
import { describeValue, jsonPath, schemaProblem, syntaxProblem, type FileProblem } from './file-problems';
import { checkFileSize, FILE_FORMAT, reopenProblem } from './format';

export type { FileProblem } from './file-problems';
export { checkFileSize, FILE_FORMAT, MAX_FILE_BYTES, reopenProblem } from './format';


/**
 * Turns a file of one version into the next. It gets the file as JSON.parse left it, already known to
 * be an object of that version but not checked any further, so it must not trust its shape; the current
 * schema checks what the last step returns. It may note what it changed in `warnings`.
 */
export type Upgrade = (file: Record<string, unknown>, warnings: string[]) => Record<string, unknown>;

/**
 * `UPGRADES[v - 1]` turns a version-v file into a version-(v + 1) one. Changing the format means adding
 * a step here (which bumps FILE_VERSION), changing the envelope schema below and running
 * `npx tsx scripts/write-file-schema.ts`.
 */
const UPGRADES: readonly Upgrade[] = [upgradeV1];

/** The version this Paramsketch writes, and the newest it reads. */
export const FILE_VERSION = UPGRADES.length + 1;

export const paramsketchFileSchema = z
  .object({
    format: z.literal(FILE_FORMAT),
    version: z.literal(FILE_VERSION),
    /** Which app wrote the file, for people reading it; nothing depends on it. */
    savedBy: z.string().max(200).optional(),
    sketch: sketchSchema,
  })
  .meta({ title: 'Paramsketch file', description: `A neural-network sketch saved by Paramsketch (format version ${FILE_VERSION}).` });

/** The JSON Schema of the current format; `scripts/write-file-schema.ts` writes it to resources/. */
export function paramsketchFileJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = z.toJSONSchema(paramsketchFileSchema, { io: 'input', target: 'draft-2020-12' });
  // What it is first, for someone opening the schema file; zod puts the title last.
  return { $schema, title, description, ...rest };
}

export function writeParamsketchFile(sketch: Sketch, options: { savedBy?: string } = {}): string {
  const savedBy = options.savedBy ?? 'Paramsketch';
  const file: z.input<typeof paramsketchFileSchema> = { format: FILE_FORMAT, version: FILE_VERSION, savedBy, sketch };
  const pretty = `${JSON.stringify(file, null, 2)}\n`;
  // Indentation is a third or more of a large file: past the size Paramsketch opens, it is left out.
  return reopenProblem(pretty) ? `${JSON.stringify(file)}\n` : pretty;
}

export type ReadResult = { ok: true; sketch: Sketch; warnings: string[] } | { ok: false; error: FileProblem };

const failed = (error: FileProblem): ReadResult => ({ ok: false, error });

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** What else the JSON might be, when it has no Paramsketch envelope. */
function notOurs(json: unknown): FileProblem {
  if (isObject(json) && ('modelTopology' in json || ('class_name' in json && 'config' in json)))
    return { message: 'this is a Keras or TensorFlow.js model, not a Paramsketch file: import it as a Keras model instead' };
  if (isObject(json) && typeof json.format === 'string')
    return { message: `not a Paramsketch file: its format is ${JSON.stringify(json.format.slice(0, 80))}`, path: 'format' };
  const holds = isObject(json) ? 'an object without "format": "paramsketch"' : describeValue(json);
  return {
    message: `not a Paramsketch file: a Paramsketch file is a JSON object starting {"format": "paramsketch", …}, and this one holds ${holds}`,
  };
}

/** Runs the steps from `version` up to the newest, `upgrades.length + 1`; exported to test the mechanism. */
export function upgradeFile(
  file: Record<string, unknown>,
  version: number,
  warnings: string[],
  upgrades: readonly Upgrade[] = UPGRADES,
): Record<string, unknown> {
  let current = file;
  for (let v = version; v <= upgrades.length; v++) current = { ...upgrades[v - 1](current, warnings), version: v + 1 };
  return current;
}

/**
 * What the editor cannot hold even though the schema allows it. The canvas, the layout and every edit
 * find nodes by id, so two nodes with one id can't be told apart, and an edge that names a node the file
 * doesn't have has nowhere to be drawn: either makes the file an error. Everything the counting core
 * reports as a problem of the design (cycles, unknown layer types, bad field values, wrong numbers of
 * inputs, ports past a layer's outputs) still opens: the editor lists those problems and lets the user
 * fix them, which is better than refusing the file.
 */
function structuralProblem(sketch: Sketch): FileProblem | undefined {
  const { nodes, edges } = sketch.design;
  // The core's own reading of ids: the first node with an id owns it; later ones are repeats.
  const { indexOf, positionOfIndex } = buildTopology(sketch.design);
  const repeat = positionOfIndex.indexOf(-1);
  if (repeat >= 0) {
    const path = jsonPath(['sketch', 'design', 'nodes', repeat, 'id']);
    const id = nodes[repeat].id;
    return { message: `${path} repeats ${JSON.stringify(id)}, the id of node ${indexOf.get(id)}; each node needs its own id`, path };
  }
  for (let e = 0; e < edges.length; e++) {
    for (const end of ['from', 'to'] as const) {
      if (indexOf.has(edges[e][end])) continue;
      const path = jsonPath(['sketch', 'design', 'edges', e, end]);
      return { message: `${path} names ${JSON.stringify(edges[e][end])}, which is not a node of the design`, path };
    }
  }
  return undefined;
}

function read(text: string): ReadResult {
  // text.length never exceeds the UTF-8 size, so this refuses only what is surely too big.
  const tooBig = checkFileSize(text.length);
  if (tooBig) return failed(tooBig);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) return failed({ message: 'the file is empty' });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return failed(syntaxProblem(error, body));
  }
  return readParsed(json);
}

/** A file already parsed: checked, upgraded to the current version, checked again. */
function readParsed(json: unknown): ReadResult {
  if (!isObject(json) || json.format !== FILE_FORMAT) return failed(notOurs(json));
  const { version } = json;
  if (version === undefined) return failed({ message: 'version is missing', path: 'version' });
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return failed({ message: `version should be a whole number from 1, not ${describeValue(version)}`, path: 'version' });
  if (version > FILE_VERSION) {
    const message = `written by a newer Paramsketch (file version ${version}); this version reads versions up to ${FILE_VERSION}`;
    return failed({ message, path: 'version' });
  }
  const warnings: string[] = [];
  const current = upgradeFile(json, version, warnings);
  const checked = paramsketchFileSchema.safeParse(current);
  if (!checked.success) return failed(schemaProblem(checked.error.issues, current));
  const { sketch } = checked.data;
  const broken = structuralProblem(sketch);
  return broken ? failed(broken) : { ok: true, sketch, warnings };
}

/** A last resort (e.g. nesting deep enough to exhaust the stack): the file still fails as a value. */
function neverThrows(read: () => ReadResult): ReadResult {
  try {
    return read();
  } catch (error) {
    return failed({ message: `could not read the file: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** Reads a Paramsketch file; never throws: whatever is wrong comes back as `{ ok: false, error }`. */
export const readParamsketchFile = (text: string): ReadResult => neverThrows(() => read(text));

/** The same, for a file already parsed (by a reader that looked at its content first). */
export const readParamsketchJson = (json: unknown): ReadResult => neverThrows(() => readParsed(json));
