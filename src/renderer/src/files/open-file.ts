/**
 * Reads a file the user opened or dropped into a sketch: a Paramsketch file, or a Keras / TensorFlow.js
 * model (JSON, .keras or .h5). Bad input is a message naming the problem; the open design is never touched here.
 */
import { autoLayout } from '../../../shared/edit/auto-layout';
import { jsonPath } from '../../../shared/files/file-problems';
import { checkFileSize, MAX_FILE_BYTES, readParamsketchFile } from '../../../shared/files/paramsketch-file';
import { holdsWeights, MAX_WEIGHTS_FILE_BYTES, readModelFile } from '../../../shared/keras/file';
import type { Sketch } from '../../../shared/sketch';

export type OpenedFile = { ok: true; sketch: Sketch; warnings: string[] } | { ok: false; error: string };

const baseName = (fileName: string) => fileName.replace(/\.[^.]*$/, '') || 'Imported';
/** A Paramsketch file says so near its start; anything else is read as a Keras model. */
const looksNative = (text: string) => /^\s*\{\s*"format"\s*:\s*"paramsketch"/.test(text);

export async function openDesignFile(file: File): Promise<OpenedFile> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const tooBig = checkFileSize(file.size, holdsWeights(head) ? MAX_WEIGHTS_FILE_BYTES : MAX_FILE_BYTES);
  if (tooBig) return { ok: false, error: `${file.name}: ${tooBig.message}` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes.subarray(0, 200));
  if (looksNative(text) || /\.paramsketch(\.json)?$/i.test(file.name)) {
    const read = readParamsketchFile(new TextDecoder().decode(bytes));
    if (!read.ok) return { ok: false, error: `${file.name}: ${read.error.path ? `${read.error.path}: ` : ''}${read.error.message}` };
    return read;
  }
  const imported = readModelFile(bytes);
  const { design, problems, warnings } = imported;
  if (design.nodes.length === 0) {
    const [first] = problems;
    const where = first?.path.length ? `${jsonPath(first.path)}: ` : '';
    return { ok: false, error: `${file.name}: ${first ? `${where}${first.message}` : 'the model has no layers'}` };
  }
  const sketch: Sketch = { name: imported.modelName ?? baseName(file.name), convention: 'keras', design, layout: autoLayout(design) };
  return { ok: true, sketch, warnings: [...problems.map((p) => p.message), ...warnings] };
}
