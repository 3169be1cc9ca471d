import { strFromU8 } from 'fflate';
import { MAX_FILE_BYTES } from '../files/format';
import { readHdf5Model } from './hdf5';
import type { ImportResult } from './import';
import { failure, HDF5, parseModelJson, startsWith, ZIP } from './model-json';
import { readEntry, zipEntries } from './zip';

/** A .keras archive's weights are unpacked (to check the counts) up to this size. */
const MAX_ARCHIVE_WEIGHTS = 64 * 2 ** 20;

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

/** A Keras 3 .keras archive: its config.json (bounded, as any model file), with its weights to check the counts against. */
function readArchive(bytes: Uint8Array): ImportResult {
  const entries = zipEntries(bytes);
  if (typeof entries === 'string') return failure(`the .keras archive is damaged: ${entries}`);
  const entry = (name: string) => entries.find((e) => e.name === name);
  const configEntry = entry('config.json');
  if (!configEntry) return failure('the archive has no config.json: is it a .keras model?');
  const config = readEntry(bytes, configEntry, MAX_FILE_BYTES);
  if ('damaged' in config) return failure(`the .keras archive is damaged: ${config.damaged}`);
  if ('tooLarge' in config)
    return failure(`the .keras archive's config.json inflates to more than ${MAX_FILE_BYTES / 2 ** 20} MB; Paramsketch reads model configurations up to ${MAX_FILE_BYTES / 2 ** 20} MB`);
  // The weights too, to check the counts against, unless unpacking them would take much memory.
  const weightsEntry = entry('model.weights.h5');
  const weightsRead = weightsEntry && readEntry(bytes, weightsEntry, MAX_ARCHIVE_WEIGHTS);
  const weights = weightsRead && 'bytes' in weightsRead ? readHdf5Model(weightsRead.bytes) : undefined;
  return parseModelJson(strFromU8(config.bytes), weights && !('problem' in weights) ? weights.weights : undefined);
}

/**
 * Reads any file Keras or TensorFlow.js writes a model's architecture to: `model.to_json()` output,
 * a TensorFlow.js `model.json`, a Keras 3 `.keras` archive (its `config.json`), or a Keras `.h5`
 * saved with model.save() (its `model_config`, with its weights' shapes as `weightShapes`).
 */
export function readModelFile(bytes: Uint8Array): ImportResult {
  if (startsWith(bytes, HDF5)) return readHdf5File(bytes);
  if (startsWith(bytes, ZIP)) return readArchive(bytes);
  return parseModelJson(strFromU8(bytes));
}
