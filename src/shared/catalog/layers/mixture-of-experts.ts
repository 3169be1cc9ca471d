// A sparse mixture of experts (Mixtral, Qwen-MoE, DeepSeekMoE): a router scores num_experts gated MLPs for each
// token, which goes through its top_k of them (and through every shared expert, where there are any). The
// experts' weights are declared stacked over the experts, `active` top_k: so the count holds every expert
// and the active count, what one token uses, the router, the shared experts and top_k experts.
import { lastDim } from '../../tensor';
import { exactProduct, exactSum, positionsOf } from '../common';
import { bool, int, optInt } from '../fields';
import type { LayerContext, LayerSpec } from '../types';
import { featuresIn, feedForwardFields, gatedWeights, projection } from './mlp';

const sizes = (ctx: LayerContext) => {
  const hidden = int(ctx, 'intermediate_size');
  return {
    width: lastDim(ctx.inputs[0]) as number,
    hidden,
    experts: int(ctx, 'num_experts'),
    topK: int(ctx, 'top_k'),
    shared: int(ctx, 'shared_experts'),
    sharedHidden: optInt(ctx, 'shared_intermediate_size') ?? hidden,
    bias: bool(ctx, 'use_bias'),
  };
};

/** The router, `experts` of the routed experts (gate, up and down projections each) and the shared ones. */
function expertMacs(ctx: LayerContext, experts: number): bigint | null {
  const s = sizes(ctx);
  const positions = positionsOf(ctx.inputs[0]);
  return exactSum([
    exactProduct([positions, s.width, s.experts]),
    exactProduct([positions, 3, experts, s.width, s.hidden]),
    exactProduct([positions, 3, s.shared, s.width, s.sharedHidden]),
  ]);
}

export const MixtureOfExperts: LayerSpec = {
  type: 'MixtureOfExperts',
  family: 'core',
  description: 'Sparse mixture of experts: a router sends each token to its top_k of num_experts gated MLPs (and through any shared experts), as in Mixtral.',
  pytorch: 'MixtralSparseMoeBlock',
  keras: false,
  fields: [
    { name: 'num_experts', kind: 'int', required: true, default: 8, min: 1 },
    { name: 'top_k', kind: 'int', default: 2, min: 1, help: 'Experts each token goes through' },
    ...feedForwardFields('silu', false),
    { name: 'router_bias', kind: 'bool', default: false, help: 'A bias on the router (Mixtral has none)' },
    { name: 'shared_experts', kind: 'int', default: 0, min: 0, help: 'Experts every token goes through (DeepSeekMoE, Qwen-MoE)' },
    { name: 'shared_intermediate_size', kind: 'int', default: null, min: 1, nullable: true, help: 'Each shared expert’s hidden width; None: intermediate_size' },
  ],
  summary: ['num_experts', 'top_k', 'intermediate_size', 'shared_experts?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    if (int(ctx, 'top_k') > int(ctx, 'num_experts'))
      return { field: 'top_k', message: `top_k (${int(ctx, 'top_k')}) cannot be more than num_experts (${int(ctx, 'num_experts')})` };
    return featuresIn(ctx, 'MixtureOfExperts');
  },
  // Mixtral's block: gate (the router, d → experts) and experts.{i}.w1/w3/w2 (gate, up, down), here stacked.
  weights: (ctx) => {
    const s = sizes(ctx);
    return [
      ...projection(ctx, ['router', 'gate'], s.width, s.experts, bool(ctx, 'router_bias')),
      ...gatedWeights(ctx, s.width, s.hidden, s.bias, 'experts.', { experts: s.experts, active: s.topK }),
      ...(s.shared ? gatedWeights(ctx, s.width, s.sharedHidden, s.bias, 'shared_experts.', { experts: s.shared }) : []),
    ];
  },
  // As with its weights: the total holds every expert, what a token computes (the active MACs) its top_k.
  macs: (ctx) => expertMacs(ctx, sizes(ctx).experts),
  activeMacs: (ctx) => expertMacs(ctx, sizes(ctx).topK),
};
