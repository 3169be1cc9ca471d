// A block instance's own fields (its parameters and `repeat`), checked, and the block's layers with the
// parameters' values written into the fields they feed.
import { layerSpec } from '../catalog';
import type { BlockDefinition, LayerNode } from '../design';
import type { LayerProblem } from '../problem';

/** A stack longer than this is a typo, not a model (GPT-3 has 96 layers). */
export const MAX_REPEAT = 10_000;

export interface InstanceSetup {
  values: Record<string, number>;
  repeat: number;
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** What is wrong with the definition itself: every instance of it reports these. */
export function definitionProblems(type: string, def: BlockDefinition): LayerProblem[] {
  const ids = new Set(def.design.nodes.map((n) => n.id));
  const problems: LayerProblem[] = [];
  const missing = (what: string, id: string) => problems.push({ message: `block '${type}' ${what} '${id}', which is not in the block` });
  for (const id of def.inputs) if (!ids.has(id)) missing('takes an input into', id);
  for (const { node } of def.outputs) if (!ids.has(node)) missing('outputs', node);
  if (!def.outputs.length) problems.push({ message: `block '${type}' has no outputs`, hint: 'open it and connect a layer to the outside' });
  const names = new Set<string>();
  for (const param of def.params ?? []) {
    if (names.has(param.name) || param.name === 'repeat') problems.push({ field: param.name, message: `block '${type}' has two parameters named '${param.name}'` });
    names.add(param.name);
    for (const target of param.targets) if (!ids.has(target.node)) missing(`feeds '${param.name}' to`, target.node);
  }
  if (layerSpec(type)) problems.push({ message: `a block may not be named '${type}': that is a layer type` });
  return problems;
}

/** The instance's parameter values and repeat count, or what is wrong with them (by field). */
export function instanceSetup(node: LayerNode, type: string, def: BlockDefinition): InstanceSetup | LayerProblem[] {
  const problems: LayerProblem[] = [];
  const params = def.params ?? [];
  const known = new Set(params.map((p) => p.name));
  for (const name of Object.keys(node.fields ?? {}))
    if (!known.has(name)) problems.push({ field: name, message: `'${name}' is not a parameter of block '${type}'` });
  const values: Record<string, number> = {};
  for (const param of params) {
    const value = node.fields && Object.hasOwn(node.fields, param.name) ? node.fields[param.name] : param.default;
    const min = param.min ?? 1;
    if (!isWhole(value) || value < min) problems.push({ field: param.name, message: `${param.name} must be a whole number from ${min}, got ${JSON.stringify(value)}` });
    else values[param.name] = value;
  }
  const repeat = node.repeat ?? 1;
  if (!isWhole(repeat) || repeat < 1 || repeat > MAX_REPEAT)
    problems.push({ field: 'repeat', message: `repeat must be a whole number from 1 to ${MAX_REPEAT.toLocaleString('en')}, got ${JSON.stringify(repeat)}` });
  else if (repeat > 1 && def.inputs.length !== def.outputs.length)
    problems.push({
      field: 'repeat',
      message: `a block repeated must have as many outputs as inputs; '${type}' has ${def.inputs.length} and ${def.outputs.length}`,
      hint: 'each copy feeds the next one',
    });
  return problems.length ? problems : { values, repeat };
}

/** The block's layers with each parameter's value (× its scale) in the fields it feeds. */
export function withParams(def: BlockDefinition, values: Record<string, number>): BlockDefinition['design'] {
  const params = def.params ?? [];
  if (!params.length) return def.design;
  const set = new Map<string, Record<string, number>>();
  for (const param of params)
    for (const { node, field, scale = 1 } of param.targets) set.set(node, { ...set.get(node), [field]: values[param.name] * scale });
  const nodes = def.design.nodes.map((n) => {
    const fields = set.get(n.id);
    return fields ? { ...n, fields: { ...n.fields, ...fields } } : n;
  });
  return { nodes, edges: def.design.edges };
}
