import { strFromU8, unzipSync } from 'fflate';
import { syntaxProblem } from '../files/file-problems';
import { importKerasModel, type ImportResult } from './import';

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const HDF5 = [0x89, 0x48, 0x44, 0x46];

const failure = (message: string, path: string[] = []): ImportResult => ({
  design: { nodes: [], edges: [] },
  problems: [{ path, message }],
  warnings: [],
});

export function parseModelJson(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return failure(syntaxProblem(error, text).message);
  }
  return importKerasModel(json);
}

/**
 * Reads any file Keras or TensorFlow.js writes a model's architecture to: `model.to_json()` output,
 * a TensorFlow.js `model.json`, or a Keras 3 `.keras` archive (its `config.json`).
 */
export function readModelFile(bytes: Uint8Array): ImportResult {
  if (startsWith(bytes, HDF5))
    return failure('this is an HDF5 (.h5) file, which Paramsketch cannot read: save the model with model.to_json() or as .keras');
  if (startsWith(bytes, ZIP)) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, { filter: (file) => file.name === 'config.json' });
    } catch (error) {
      return failure(`the .keras archive is damaged: ${(error as Error).message}`);
    }
    const config = files['config.json'];
    return config ? parseModelJson(strFromU8(config)) : failure('the archive has no config.json: is it a .keras model?');
  }
  return parseModelJson(strFromU8(bytes));
}
