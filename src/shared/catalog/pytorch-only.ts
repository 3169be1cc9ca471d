import type { LayerProblem } from '../problem';
import { isDefault } from './fields';
import type { FieldSpec, LayerContext } from './types';

/**
 * PyTorch-only fields (`pytorchOnly: true`): settings torch's module has and Keras's layer has not
 * (nn.LSTM's num_layers). A Keras import never sets one, the Keras exporter refuses a value other than the
 * default, and in the Keras convention such a value is a problem of the field, not a guess.
 */
export function kerasCannotHold(ctx: LayerContext, type: string, fields: readonly FieldSpec[]): LayerProblem | undefined {
  if (ctx.convention !== 'keras') return undefined;
  for (const field of fields) {
    if (!field.pytorchOnly) continue;
    const value = ctx.values[field.name];
    if (value !== undefined && !isDefault(field, value as never))
      return {
        field: field.name,
        message: `${type}: ${field.name} is a PyTorch setting; Keras's ${type} has none`,
        hint: `switch to the PyTorch convention, or set ${field.name} back to ${JSON.stringify(field.default)}`,
      };
  }
  return undefined;
}
