import type { Convention, Design, FieldValue } from '../src/shared/design';
import { evaluateDesign, nodeResult, type Evaluation } from '../src/shared/evaluate';

export type LayerLine = [type: string, fields?: Record<string, FieldValue>, name?: string];

/** An Input followed by layers, each fed by the one before (ids n0, n1, … unless named). */
export function chain(inputShape: (number | null)[], ...layers: LayerLine[]): Design {
  const ids = layers.map(([, , name], i) => name ?? `n${i}`);
  return {
    nodes: [
      { id: 'input', type: 'Input', fields: { shape: inputShape } },
      ...layers.map(([type, fields], i) => ({ id: ids[i], type, fields: fields ?? {} })),
    ],
    edges: ids.map((id, i) => ({ from: i === 0 ? 'input' : ids[i - 1], to: id })),
  };
}

export const evaluate = (design: Design, convention: Convention = 'keras'): Evaluation =>
  evaluateDesign(design, { convention });

export const paramsOf = (evaluation: Evaluation, id: string): bigint | null | undefined => nodeResult(evaluation, id)?.params;
