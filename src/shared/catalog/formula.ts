import type { LayerContext, LayerSpec, WeightSpec } from './types';

const term = (shape: readonly number[]) => (shape.length ? shape.join('×') : '1');

/**
 * The worked formula the weights themselves give: each counted weight's shape as a product, summed
 * (`3×3×32×64 + 64`: a kernel and a bias). A run of weights of one shape reads as one term (`4×64`: a
 * BatchNormalization's γ, β, mean and variance). Buffers are listed with the weights but never counted.
 */
export function weightsFormula(weights: readonly WeightSpec[]): string {
  const terms: string[] = [];
  for (let k = 0; k < weights.length; ) {
    if (weights[k].role === 'buffer') {
      k++;
      continue;
    }
    const shape = weights[k].shape;
    let run = 1;
    while (k + run < weights.length && weights[k + run].role !== 'buffer' && sameShape(weights[k + run].shape, shape)) run++;
    terms.push(run === 1 ? term(shape) : shape.length === 1 ? `${run}×${shape[0]}` : `${run}×(${term(shape)})`);
    k += run;
  }
  return terms.length ? terms.join(' + ') : '0';
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** A layer's worked formula (without `= total`): its own textbook form where it has one, else its weights'. */
export const layerFormula = (spec: LayerSpec, ctx: LayerContext): string =>
  spec.formula ? spec.formula(ctx) : weightsFormula(spec.weights?.(ctx) ?? []);

/** Brackets an expression with a top-level sum, so that `2 × …` multiplies all of it (or a sum of such reads right). */
export const group = (expr: string) => (/^[^[(]*\+/.test(expr.replace(/\([^)]*\)|\[[^\]]*\]/g, '')) ? `[${expr}]` : expr);
