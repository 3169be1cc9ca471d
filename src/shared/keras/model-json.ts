// What a model file is, and a model's JSON imported: the light half of reading model files. The archive and
// HDF5 readers (file.ts, with fflate and jsfive) load only when a file holds weights, so that counting a
// model JSON (the command line's usual work) does not pay for starting them.
import { syntaxProblem } from '../files/file-problems';
import { importKerasModel, type ImportResult } from './import';
import type { FileWeight } from './weight-check';
import { isHfConfig, readHfConfig } from '../templates/hf';

export const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
export const ZIP = [0x50, 0x4b, 0x03, 0x04];
export const HDF5 = [0x89, 0x48, 0x44, 0x46];
/**
 * Files that carry their weights (.h5, .keras) may be far larger than any architecture: they are read whole
 * (the HDF5 reader needs the bytes at hand) but their weights are never decoded, so they open up to this size.
 */
export const MAX_WEIGHTS_FILE_BYTES = 1024 * 2 ** 20;

/** Whether a file's first bytes say it holds weights (HDF5, or a .keras zip archive). */
export const holdsWeights = (head: Uint8Array): boolean => startsWith(head, HDF5) || startsWith(head, ZIP);

export const failure = (message: string, path: string[] = []): ImportResult => ({
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
