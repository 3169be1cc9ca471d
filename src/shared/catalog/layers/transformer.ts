import { lastDim } from '../../tensor';
import { exactProduct, exactSum, positionsOf } from '../common';
import { int } from '../fields';
import type { LayerContext, LayerSpec, WeightSpec } from '../types';
import { attentionMacs } from './attention';

const trainable = (name: string, shape: number[]): WeightSpec => ({ name, shape, role: 'trainable' });

const attention = (prefix: string, d: number) => [
  trainable(`${prefix}.in_proj_weight`, [3 * d, d]),
  trainable(`${prefix}.in_proj_bias`, [3 * d]),
  trainable(`${prefix}.out_proj.weight`, [d, d]),
  trainable(`${prefix}.out_proj.bias`, [d]),
];

const layerNorm = (prefix: string, d: number) => [trainable(`${prefix}.weight`, [d]), trainable(`${prefix}.bias`, [d])];

/** PyTorch's post-norm (or pre-norm) block: attention(s), a two-layer feed-forward net, LayerNorms. */
function transformerLayer(kind: 'Encoder' | 'Decoder'): LayerSpec {
  const attentions = kind === 'Encoder' ? ['self_attn'] : ['self_attn', 'multihead_attn'];
  const norms = attentions.length + 1;
  const sizes = (ctx: LayerContext) => ({ d: int(ctx, 'd_model'), ff: int(ctx, 'dim_feedforward') });
  return {
    type: `Transformer${kind}Layer`,
    family: 'attention',
    description:
      kind === 'Encoder'
        ? 'Self-attention and a feed-forward net, each with a residual and a LayerNorm.'
        : 'Self-attention, attention over the encoder memory and a feed-forward net; three LayerNorms.',
    pytorch: `nn.Transformer${kind}Layer`,
    keras: false,
    fields: [
      { name: 'd_model', kind: 'int', default: 512, min: 1 },
      { name: 'nhead', kind: 'int', default: 8, min: 1 },
      { name: 'dim_feedforward', kind: 'int', default: 2048, min: 1 },
      { name: 'dropout', kind: 'float', default: 0.1, min: 0, max: 1 },
      { name: 'norm_first', kind: 'bool', default: false },
    ],
    summary: ['d_model', 'nhead', 'dim_feedforward', 'norm_first?'],
    inputs: kind === 'Encoder' ? { min: 1, max: 1 } : { min: 2, max: 2 },
    inferShape: (ctx) => {
      const { d } = sizes(ctx);
      if (d % int(ctx, 'nhead')) return { field: 'nhead', message: `d_model (${d}) must be divisible by nhead (${int(ctx, 'nhead')})` };
      const roles = ['input', 'memory'];
      for (const [index, t] of ctx.inputs.entries())
        if (lastDim(t) !== d)
          return { field: 'd_model', message: `the ${roles[index]} has ${lastDim(t) ?? 'an unknown number of'} features but d_model is ${d}` };
      return ctx.inputs[0];
    },
    weights: (ctx) => {
      const { d, ff } = sizes(ctx);
      return [
        ...attentions.flatMap((name) => attention(name, d)),
        trainable('linear1.weight', [ff, d]),
        trainable('linear1.bias', [ff]),
        trainable('linear2.weight', [d, ff]),
        trainable('linear2.bias', [d]),
        ...Array.from({ length: norms }, (_, i) => layerNorm(`norm${i + 1}`, d)).flat(),
      ];
    },
    formula: (ctx) => {
      const { d, ff } = sizes(ctx);
      const mha = `4 × [${d}×${d} + ${d}]`;
      const heads = attentions.length === 1 ? mha : `2 × ${mha}`;
      return `${heads} + (${d}×${ff} + ${ff}) + (${ff}×${d} + ${d}) + ${norms} × 2×${d}`;
    },
    // Self-attention, attention over the memory (decoder), and the feed-forward net's two matrices.
    macs: (ctx) => {
      const { d, ff } = sizes(ctx);
      const [steps, memory] = ctx.inputs.map(positionsOf);
      const cross = kind === 'Decoder' ? attentionMacs(steps, memory, d) : 0n;
      return exactSum([attentionMacs(steps, steps, d), cross, exactProduct([2n, steps, d, ff])]);
    },
  };
}

export const TransformerEncoderLayer = transformerLayer('Encoder');
export const TransformerDecoderLayer = transformerLayer('Decoder');
