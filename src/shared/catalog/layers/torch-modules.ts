import type { LayerProblem } from '../../problem';
import { displayShape, looksSpatial, tensor, type Dim, type Tensor } from '../../tensor';
import { exactProduct, shapeText, useBias } from '../common';
import { bool, int } from '../fields';
import type { LayerContext, LayerSpec } from '../types';

/**
 * PyTorch modules Keras has no class for (PyTorch-only layers, `keras: false`): PixelShuffle, PixelUnshuffle,
 * Upsample, GLU, Bilinear, EmbeddingBag, Unflatten. Their axes are torch's: (C, H, W) for an image.
 */

/** The input as torch lays it out, without the batch axis. */
const torchDims = (t: Tensor): Dim[] => displayShape(t, 'pytorch').slice(1);

/** Back from torch's layout: channels first becomes channels last where the tensor is an image, volume or signal. */
const fromTorch = (dims: Dim[], spatial: boolean): Tensor =>
  spatial && dims.length >= 2 ? tensor([...dims.slice(1), dims[0]], true) : tensor(dims, false);

/**
 * The input in torch's layout and its `dim` field (negative from the end; the batch axis is 0) as an index
 * into those dims, or the problem on `dim` when the axis is not there.
 */
function torchAxis(ctx: LayerContext): { t: Tensor; dims: Dim[]; axis: number } | LayerProblem {
  const t = ctx.inputs[0];
  const dims = torchDims(t);
  const dim = int(ctx, 'dim');
  const axis = dim < 0 ? dims.length + dim : dim - 1;
  if (axis < 0 || axis >= dims.length) return { field: 'dim', message: `dim ${dim} is outside the input ${shapeText(ctx, t)}` };
  return { t, dims, axis };
}

const needsImage = (ctx: LayerContext, type: string): LayerProblem | undefined => {
  const t = ctx.inputs[0];
  return t.spatial && t.dims.length === 3 ? undefined : { message: `${type} needs an image (C, H, W), got ${shapeText(ctx, t)}` };
};

function pixelShuffle(up: boolean): LayerSpec {
  const type = up ? 'PixelShuffle' : 'PixelUnshuffle';
  const field = up ? 'upscale_factor' : 'downscale_factor';
  return {
    type,
    family: 'reshaping',
    description: up
      ? "PyTorch's sub-pixel upsampling: (C·r², H, W) → (C, H·r, W·r)."
      : "PyTorch's inverse of PixelShuffle: (C, H·r, W·r) → (C·r², H, W).",
    pytorch: `nn.${type}`,
    keras: false,
    fields: [{ name: field, kind: 'int', required: true, default: 2, min: 1 }],
    summary: [field],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrong = needsImage(ctx, type);
      if (wrong) return wrong;
      const r = int(ctx, field);
      const [h, w, c] = ctx.inputs[0].dims;
      if (up) {
        if (c !== null && c % (r * r)) return { field, message: `${type}: the channels (${c}) must divide by ${field}² (${r * r})` };
        return tensor([h === null ? null : h * r, w === null ? null : w * r, c === null ? null : c / (r * r)], true);
      }
      if ((h !== null && h % r) || (w !== null && w % r)) return { field, message: `${type}: height and width (${h}×${w}) must divide by ${field} (${r})` };
      return tensor([h === null ? null : h / r, w === null ? null : w / r, c === null ? null : c * r * r], true);
    },
  };
}

export const PixelShuffle = pixelShuffle(true);
export const PixelUnshuffle = pixelShuffle(false);

/** nn.Upsample: each spatial axis to `size`, or ⌊length × scale_factor⌋. mode changes no shape. */
export const Upsample: LayerSpec = {
  type: 'Upsample',
  family: 'reshaping',
  description: "PyTorch's upsampling of a signal, image or volume, to a size or by a scale factor.",
  pytorch: 'nn.Upsample',
  keras: false,
  fields: [
    { name: 'size', kind: 'dims', default: [], help: 'The output size of each spatial axis; empty: scale_factor decides' },
    { name: 'scale_factor', kind: 'float', default: 2, min: 0, help: 'Each spatial axis × this, rounded down' },
    { name: 'mode', kind: 'enum', default: 'nearest', options: ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear'] },
  ],
  summary: ['size?', 'scale_factor?', 'mode?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const t = ctx.inputs[0];
    if (!t.spatial || t.dims.length < 2 || t.dims.length > 4)
      return { message: `Upsample needs a signal, image or volume (channels first), got ${shapeText(ctx, t)}` };
    const spatial = t.dims.slice(0, -1);
    const size = ctx.values.size as Dim[];
    if (size.length) {
      if (size.length !== spatial.length || size.includes(null))
        return { field: 'size', message: `size must give all ${spatial.length} spatial axes, got (${size.join(', ')})` };
      return tensor([...size, t.dims[t.dims.length - 1]], true);
    }
    const scale = ctx.values.scale_factor as number;
    const out = spatial.map((d) => (d === null ? null : Math.floor(d * scale)));
    if (out.some((d) => d !== null && d <= 0)) return { field: 'scale_factor', message: `scale_factor ${scale} leaves nothing of the input` };
    return tensor([...out, t.dims[t.dims.length - 1]], true);
  },
};

/** nn.GLU: the `dim` axis split in halves a and b, a ⊗ σ(b): that axis halved. */
export const GLU: LayerSpec = {
  type: 'GLU',
  family: 'core',
  description: "PyTorch's gated linear unit: the dim axis split in halves a, b; outputs a ⊗ σ(b).",
  pytorch: 'nn.GLU',
  keras: false,
  fields: [{ name: 'dim', kind: 'int', default: -1, min: -8, help: "The axis halved, as torch counts (the batch axis is 0)" }],
  summary: ['dim?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const at = torchAxis(ctx);
    if ('message' in at) return at;
    const { t, dims, axis } = at;
    const size = dims[axis];
    if (size !== null && size % 2) return { field: 'dim', message: `GLU halves axis ${int(ctx, 'dim')}: its size (${size}) must be even` };
    const out = dims.slice();
    out[axis] = size === null ? null : size / 2;
    return fromTorch(out, t.spatial);
  },
};

/** nn.Bilinear: y = x₁ᵀ A x₂ + b, A of (out, in1, in2), over the two inputs' last axes. */
export const Bilinear: LayerSpec = {
  type: 'Bilinear',
  family: 'core',
  description: "PyTorch's bilinear layer: y = x₁ᵀ A x₂ + b over its two inputs' features.",
  pytorch: 'nn.Bilinear',
  keras: false,
  fields: [{ name: 'out_features', kind: 'int', required: true, default: 32, min: 1 }, useBias],
  summary: ['out_features'],
  inputs: { min: 2, max: 2 },
  inferShape: (ctx) => {
    const [a, b] = ctx.inputs;
    if (a.spatial || b.spatial) return { field: 'inputs', message: 'Bilinear reads features: give it vectors or sequences, not images' };
    const [da, db] = [a.dims, b.dims];
    if (da[da.length - 1] === null || db[db.length - 1] === null) return { field: 'inputs', message: 'Bilinear needs known feature sizes' };
    const lead = (d: Dim[]) => d.slice(0, -1).join(',');
    if (lead(da) !== lead(db)) return { field: 'inputs', message: `Bilinear's inputs must agree but for their last axis: ${shapeText(ctx, a)} and ${shapeText(ctx, b)}` };
    return tensor([...da.slice(0, -1), int(ctx, 'out_features')]);
  },
  weights: (ctx) => {
    const [a, b] = ctx.inputs.map((t) => t.dims[t.dims.length - 1] as number);
    const out = int(ctx, 'out_features');
    const weight = { name: 'weight', shape: [out, a, b], role: 'trainable' as const };
    return bool(ctx, 'use_bias') ? [weight, { name: 'bias', shape: [out], role: 'trainable' as const }] : [weight];
  },
  macs: (ctx, [out]) => {
    const [a, b] = ctx.inputs.map((t) => t.dims[t.dims.length - 1]);
    return exactProduct([...out.dims, a, b]);
  },
};

/** nn.EmbeddingBag: each bag of token ids (a row of the input) to the sum, mean or max of their embeddings. */
export const EmbeddingBag: LayerSpec = {
  type: 'EmbeddingBag',
  family: 'core',
  description: "PyTorch's bag of embeddings: each row of token ids to the sum, mean or max of their vectors.",
  pytorch: 'nn.EmbeddingBag',
  keras: false,
  fields: [
    { name: 'num_embeddings', kind: 'int', required: true, default: 1000, min: 1, help: 'Vocabulary size' },
    { name: 'embedding_dim', kind: 'int', required: true, default: 64, min: 1 },
    { name: 'mode', kind: 'enum', default: 'mean', options: ['sum', 'mean', 'max'] },
  ],
  summary: ['num_embeddings', 'embedding_dim', 'mode?'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) =>
    ctx.inputs[0].dims.length !== 1
      ? { message: `EmbeddingBag takes one bag of token ids per sample, (None, tokens), got ${shapeText(ctx, ctx.inputs[0])}` }
      : tensor([int(ctx, 'embedding_dim')]),
  weights: (ctx) => [{ name: 'weight', shape: [int(ctx, 'num_embeddings'), int(ctx, 'embedding_dim')], role: 'trainable' }],
};

/** nn.Unflatten: one axis (torch's `dim`) into several; three or more axes after it read as channels first. */
export const Unflatten: LayerSpec = {
  type: 'Unflatten',
  family: 'reshaping',
  description: "PyTorch's unflatten: one axis into several, e.g. 512 features into (32, 4, 4).",
  pytorch: 'nn.Unflatten',
  keras: false,
  fields: [
    { name: 'dim', kind: 'int', default: 1, min: -8, help: 'The axis split, as torch counts (the batch axis is 0)' },
    { name: 'unflattened_size', kind: 'dims', default: [1], allowInfer: true, help: 'The sizes it becomes; one may be -1' },
  ],
  summary: ['dim?', 'unflattened_size'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const at = torchAxis(ctx);
    if ('message' in at) return at;
    const { t, dims, axis } = at;
    const sizes = ctx.values.unflattened_size as Dim[];
    const size = dims[axis];
    if (sizes.includes(null)) return { field: 'unflattened_size', message: 'unflattened_size must give every size (or one -1)' };
    const fixed = (sizes as number[]).reduce((p, d) => (d === -1 ? p : p * d), 1);
    const infer = sizes.indexOf(-1);
    if (size !== null && (infer < 0 ? fixed !== size : size % fixed !== 0))
      return { field: 'unflattened_size', message: `unflattened_size (${sizes.join(', ')}) must multiply to axis ${int(ctx, 'dim')}'s size (${size})` };
    const made = sizes.map((d) => (d === -1 ? (size === null ? null : size / fixed) : d));
    const out = [...dims.slice(0, axis), ...made, ...dims.slice(axis + 1)];
    return fromTorch(out, looksSpatial(out) || (t.spatial && out.length >= 2));
  },
};

/**
 * A free nn.Parameter used as a node: a learned tensor of `shape` (torch's layout, without the batch axis),
 * no inputs, expanded over the batch where it is used: ViT's class token (1, 768) concatenated before the
 * patches, its position embedding (197, 768) added to them. Three or more axes read as channels first.
 */
export const Parameter: LayerSpec = {
  type: 'Parameter',
  family: 'core',
  description: "PyTorch's nn.Parameter as a node: a learned tensor of a given shape, with no inputs (ViT's class token).",
  pytorch: 'nn.Parameter',
  keras: false,
  perStep: false,
  fields: [{ name: 'shape', kind: 'dims', default: [1], help: 'Its sizes without the batch axis, as torch lays them out, e.g. 1, 768' }],
  summary: ['shape'],
  inputs: { min: 0, max: 0 },
  inferShape: (ctx) => {
    const shape = ctx.values.shape as Dim[];
    if (shape.includes(null)) return { field: 'shape', message: 'a Parameter has every size known: None is no size' };
    return fromTorch(shape, looksSpatial(shape));
  },
  weights: (ctx) => [{ name: 'weight', shape: ctx.values.shape as number[], role: 'trainable' }],
};
