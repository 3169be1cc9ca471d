/**
 * Every file the app opens, recognised by its content (never by its name): a Paramsketch file of any
 * version, or a model: Keras / TensorFlow.js (JSON, a .keras archive, an .h5) or a Hugging Face
 * config.json. The renderer (a dropped or chosen file) and the command line both read files here, so they
 * can never disagree about what a file is.
 */
import type { Convention } from '../design';
import { autoLayout } from '../edit/auto-layout';
import { holdsWeights, importModelJson, MAX_WEIGHTS_FILE_BYTES } from '../keras/model-json';
import type { ImportResult } from '../keras/import';
import type { Sketch } from '../sketch';
import { isHfConfig } from '../templates/hf';
import { jsonPath, syntaxProblem } from './file-problems';
import { checkFileSize, FILE_FORMAT, MAX_FILE_BYTES } from './format';

/**
 * A file that holds a design. `imported` is what the core counts, as it counts an imported model: a Keras
 * model's problems and warnings as the importer gave them; a Paramsketch file's design, named as saved, with
 * what upgrading it from an older version changed as warnings. `convention` is the one it was saved in
 * (Keras's own for a Keras model, PyTorch's for a Hugging Face config).
 */
export type OpenedDesign =
  | { ok: true; format: 'paramsketch'; imported: ImportResult; convention: Convention; sketch: Sketch }
  | { ok: true; format: 'model'; imported: ImportResult; convention: Convention }
  | { ok: false; error: string };

export type Opened = Extract<OpenedDesign, { ok: true }>;

/** How many bytes a file may have, by its first bytes (files holding weights may be far larger). */
export const maxDesignFileBytes = (head: Uint8Array): number => (holdsWeights(head) ? MAX_WEIGHTS_FILE_BYTES : MAX_FILE_BYTES);

/** A message when a file of `size` bytes starting with `head` is too big to open; undefined when it is fine. */
export const designFileSizeProblem = (size: number, head: Uint8Array): string | undefined =>
  checkFileSize(size, maxDesignFileBytes(head))?.message;

/** Text never holds a NUL byte; looking at the first kilobyte tells binary data from a mistyped file name. */
const looksBinary = (bytes: Uint8Array) => bytes.subarray(0, 1024).includes(0);

const failed = (error: string): OpenedDesign => ({ ok: false, error });

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A model (Keras, TensorFlow.js…), or why none could be read: a file without a single layer opens nothing. */
function model(imported: ImportResult, convention: Convention = 'keras'): OpenedDesign {
  if (imported.design.nodes.length) return { ok: true, format: 'model', imported, convention };
  const [first] = imported.problems;
  return failed(first ? `${first.path.length ? `${jsonPath(first.path)}: ` : ''}${first.message}` : 'the model has no layers');
}

async function readDesign(bytes: Uint8Array): Promise<OpenedDesign> {
  const tooBig = designFileSizeProblem(bytes.length, bytes.subarray(0, 8));
  if (tooBig) return failed(tooBig);
  if (holdsWeights(bytes)) {
    // The zip and HDF5 readers load only for files that need them (see keras/model-json.ts).
    const { readModelFile } = await import('../keras/file');
    return model(readModelFile(bytes));
  }
  if (looksBinary(bytes))
    return failed('not a model file: it holds binary data, but is neither an HDF5 file (.h5) nor a zip archive (.keras)');
  const decoded = new TextDecoder().decode(bytes);
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (!text.trim()) return failed('the file is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return failed(syntaxProblem(error, text).message);
  }
  // Anything else is for the model reader to tell (Keras, TensorFlow.js, a Hugging Face config), parsed once.
  // A Hugging Face model is a PyTorch one: counted as transformers counts it.
  if (!isObject(json) || json.format !== FILE_FORMAT) return model(importModelJson(json), isHfConfig(json) ? 'pytorch' : 'keras');
  // Loaded only for a Paramsketch file: its schema (zod) takes a while to set up, which a model never needs.
  const { readParamsketchJson } = await import('./paramsketch-file');
  const read = readParamsketchJson(json);
  // Its message names the place in the file already (`sketch.name is missing`).
  if (!read.ok) return failed(read.error.message);
  const { sketch, warnings } = read;
  const imported: ImportResult = { design: sketch.design, modelName: sketch.name, problems: [], warnings };
  return { ok: true, format: 'paramsketch', imported, convention: sketch.convention, sketch };
}

/** Reads the bytes of a file the user opened; never fails: a file that holds no design says why. */
export async function readDesignFile(bytes: Uint8Array): Promise<OpenedDesign> {
  try {
    return await readDesign(bytes);
  } catch (error) {
    // Files are untrusted (a stack-deep nesting, a reader's slip): the user gets a message, not a crash.
    return failed(`could not read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The file's name without its last extension, as a model without a name of its own is called. */
const baseName = (fileName: string) => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'Imported';

/** The design's name: a model's own, or else its file's; a Paramsketch file's as it was saved. */
export const designName = (opened: Opened, fileName: string): string => opened.imported.modelName ?? baseName(fileName);

/**
 * The sketch the app opens: a Paramsketch file as saved; a model named by itself or its file, in its
 * convention, laid out automatically (`laidOut: false` skips the layout where nothing is drawn),
 * its problems and warnings listed.
 */
export function openedSketch(opened: Opened, fileName: string, laidOut = true): { sketch: Sketch; warnings: string[] } {
  const { imported } = opened;
  if (opened.format === 'paramsketch') return { sketch: opened.sketch, warnings: imported.warnings };
  const { design } = imported;
  const sketch: Sketch = { name: designName(opened, fileName), convention: opened.convention, design, layout: laidOut ? autoLayout(design) : {} };
  return { sketch, warnings: [...imported.problems.map((p) => p.message), ...imported.warnings] };
}
