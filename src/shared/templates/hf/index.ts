// Opening a Hugging Face config.json: recognised by its `model_type` (and no Keras `class_name`), built as
// the model transformers builds from it (models.ts), every count-changing field read or refused by name.
import type { ImportResult } from '../../keras/import';
import { ConfigFields } from './fields';
import { builderFor, MODEL_TYPES } from './models';

/** A Hugging Face model config rather than a Keras one: a JSON object with a model_type and no class_name. */
export const isHfConfig = (json: unknown): json is Record<string, unknown> =>
  typeof json === 'object' && json !== null && !Array.isArray(json) && typeof (json as { model_type?: unknown }).model_type === 'string' && !('class_name' in json);

const refused = (message: string): ImportResult => ({ design: { nodes: [], edges: [] }, problems: [{ path: [], message }], warnings: [] });

/** The design a config.json describes, or problems naming what it cannot build. Count it in the PyTorch convention. */
export function readHfConfig(json: Record<string, unknown>): ImportResult {
  const type = json.model_type as string;
  const build = builderFor(type);
  if (!build) return refused(`Hugging Face model_type '${type}' is not one Paramsketch builds (it builds ${MODEL_TYPES.join(', ')})`);
  const fields = new ConfigFields(json, type);
  let design;
  try {
    design = build(fields);
  } catch (error) {
    return refused(`the ${type} config.json cannot be built: ${(error as Error).message}`);
  }
  const warnings = fields.leftovers();
  if (fields.errors.length) return { ...refused(''), problems: fields.errors.map((message) => ({ path: [], message: `config.json (${type}): ${message}` })), warnings };
  const name = typeof json._name_or_path === 'string' && json._name_or_path ? json._name_or_path : Array.isArray(json.architectures) ? String(json.architectures[0]) : type;
  return { design, modelName: name, problems: [], warnings };
}
