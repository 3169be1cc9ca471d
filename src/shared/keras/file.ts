import { strFromU8, unzipSync } from 'fflate';
import { syntaxProblem } from '../files/file-problems';
import { readHdf5Model } from './hdf5';
import { importKerasModel, type ImportResult } from './import';
import type { FileWeight } from './weight-check';
import { isHfConfig, readHfConfig } from '../templates/hf';

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const HDF5 = [0x89, 0x48, 0x44, 0x46];
/**
 * Files that carry their weights (.h5, .keras) may be far larger than any architecture: they are read whole
 * (the HDF5 reader needs the bytes at hand) but their weights are never decoded, so they open up to this size.
 */
export const MAX_WEIGHTS_FILE_BYTES = 1024 * 2 ** 20;

/** Whether a file's first bytes say it holds weights (HDF5, or a .keras zip archive). */
export const holdsWeights = (head: Uint8Array): boolean => startsWith(head, HDF5) || startsWith(head, ZIP);

/** A .keras archive's weights are unpacked (to check the counts) up to this size. */
const MAX_ARCHIVE_WEIGHTS = 64 * 2 ** 20;

const failure = (message: string, path: string[] = []): ImportResult => ({
  design: { nodes: [], edges: [] },
  problems: [{ path, message }],
  warnings: [],
});

/** A model file's JSON, already parsed (by a reader that looked at it to tell what it is: files/open-design.ts). */
export function importModelJson(json: unknown, fileWeights?: FileWeight[]): ImportResult {
  // A Hugging Face config.json (a model_type, no Keras class_name) is the model transformers builds from it.
  return isHfConfig(json) ? readHfConfig(json) : importKerasModel(json, fileWeights);
}

export function parseModelJson(text: string, fileWeights?: FileWeight[]): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return failure(syntaxProblem(error, text).message);
  }
  return importModelJson(json, fileWeights);
}

/** A Keras .h5 file: the architecture from its `model_config`, and the shapes of the weights it holds. */
function readHdf5File(bytes: Uint8Array): ImportResult {
  const h5 = readHdf5Model(bytes);
  if ('problem' in h5) return failure(h5.problem);
  if (h5.modelConfig === null)
    return failure(
      'this .h5 file holds only weights (it was saved with save_weights), not the architecture: open the model\'s .json (model.to_json()), or a full .h5 or .keras saved with model.save()',
    );
  return parseModelJson(h5.modelConfig, h5.weights);
}

/**
 * Reads any file Keras or TensorFlow.js writes a model's architecture to: `model.to_json()` output,
 * a TensorFlow.js `model.json`, a Keras 3 `.keras` archive (its `config.json`), or a Keras `.h5`
 * saved with model.save() (its `model_config`, with its weights' shapes as `weightShapes`).
 */
export function readModelFile(bytes: Uint8Array): ImportResult {
  if (startsWith(bytes, HDF5)) return readHdf5File(bytes);
  if (startsWith(bytes, ZIP)) {
    let files: Record<string, Uint8Array>;
    try {
      // The weights too, to check the counts against, unless unpacking them would take much memory.
      files = unzipSync(bytes, {
        filter: (file) => file.name === 'config.json' || (file.name === 'model.weights.h5' && file.originalSize <= MAX_ARCHIVE_WEIGHTS),
      });
    } catch (error) {
      return failure(`the .keras archive is damaged: ${(error as Error).message}`);
    }
    const config = files['config.json'];
    if (!config) return failure('the archive has no config.json: is it a .keras model?');
    const weights = files['model.weights.h5'] && readHdf5Model(files['model.weights.h5']);
    return parseModelJson(strFromU8(config), weights && !('problem' in weights) ? weights.weights : undefined);
  }
  return parseModelJson(strFromU8(bytes));
}
