// Image preprocessing and augmentation: no weights (neither Keras 3's keras/src/layers/preprocessing/
// image_preprocessing/*.py nor tf.keras's layers/preprocessing/image_preprocessing.py adds one). Each reads one
// image (height, width, channels; channels first with Keras 3's data_format) and, per compute_output_shape:
// Resizing, CenterCrop and RandomCrop give (height, width) whatever the input's size (a smaller image is
// resized, not refused); RandomHeight and RandomWidth (tf.keras only) give a height or width of None; the rest
// keep the shape.
import type { LayerProblem } from '../../problem';
import type { Dim } from '../../tensor';
import { channelsOf, dataFormat, requireRank, spatialOf, withChannels } from '../common';
import { valuesOf } from '../fields';
import type { FieldSpec, LayerContext, LayerSpec } from '../types';
import { checkFactor, numbersField } from './number-text';

/** Keras 3's data_format; tf.keras's image layers have none and refuse the key, so channels_last is not written. */
const imageFormat: FieldSpec = { ...dataFormat, toKeras: (v) => (v === 'channels_first' ? v : undefined) };

const size = (name: 'height' | 'width', fallback: number): FieldSpec => ({
  name,
  kind: 'int',
  required: true,
  default: fallback,
  min: 1,
  help: `The output's ${name}.`,
});

/** Settings of the random layers that change neither a shape nor a count. */
const RANDOM = ['fill_mode', 'fill_value', 'interpolation', 'value_range', 'bounding_box_format', 'rng_type'];

/** The image, or a problem when the input is not one. */
const image = (ctx: LayerContext, type: string): LayerProblem | undefined => requireRank(ctx, type, 3, 'height, width, channels');

/** The image with (height, width) replaced: undefined keeps an axis as it is, null makes it None (RandomHeight, RandomWidth). */
function reshaped(ctx: LayerContext, type: string, height: Dim | undefined, width: Dim | undefined) {
  const wrong = image(ctx, type);
  if (wrong) return wrong;
  const [h, w] = spatialOf(ctx);
  return withChannels(ctx, [height === undefined ? h : height, width === undefined ? w : width], channelsOf(ctx));
}

const heightWidth = (ctx: LayerContext) => valuesOf<{ height: number; width: number }>(ctx);

/** A layer giving a fixed (height, width): Resizing, CenterCrop, RandomCrop. */
const sized = (type: string, description: string, fallback: number, fields: FieldSpec[], more: Partial<LayerSpec>): LayerSpec => ({
  type,
  family: 'preprocessing',
  description,
  fields: [size('height', fallback), size('width', fallback), ...fields, imageFormat],
  summary: ['height', 'width'],
  inputs: { min: 1, max: 1 },
  inferShape: (ctx) => {
    const { height, width } = heightWidth(ctx);
    return reshaped(ctx, type, height, width);
  },
  ...more,
});

export const Resizing = sized(
  'Resizing',
  'A preprocessing layer which resizes images.',
  224,
  [
    {
      name: 'interpolation',
      kind: 'enum',
      default: 'bilinear',
      options: ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'],
    },
    { name: 'crop_to_aspect_ratio', kind: 'bool', default: false, help: 'Crop to the target aspect ratio rather than distort.' },
  ],
  // Keras 3's other settings, which tf.keras refuses: the shape is (height, width) whatever they say.
  { pytorch: 'transforms.Resize', kerasIgnored: ['pad_to_aspect_ratio', 'fill_mode', 'fill_value', 'antialias'] },
);

export const CenterCrop = sized('CenterCrop', 'A preprocessing layer which crops images.', 24, [], { pytorch: 'transforms.CenterCrop' });

export const RandomCrop = sized('RandomCrop', 'A preprocessing layer which randomly crops images during training.', 24, [], {
  pytorch: 'transforms.RandomCrop',
  kerasIgnored: RANDOM,
});

/** A random layer's factor fields, each checked before the shape is given. */
function augmentation(
  type: string,
  description: string,
  factors: { field: FieldSpec; nullable?: boolean }[],
  more: Partial<LayerSpec> & { change?: (ctx: LayerContext) => [Dim | undefined, Dim | undefined] } = {},
): LayerSpec {
  const { change, ...rest } = more;
  const fields = factors.map((f) => f.field);
  return {
    type,
    family: 'preprocessing',
    description,
    fields: change ? fields : [...fields, imageFormat],
    summary: fields.map((f) => f.name),
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      for (const { field, nullable } of factors) {
        const wrong = checkFactor(ctx, field.name, nullable);
        if (wrong) return wrong;
      }
      const [height, width] = change ? change(ctx) : [undefined, undefined];
      return reshaped(ctx, type, height, width);
    },
    kerasIgnored: RANDOM,
    ...rest,
  };
}

const factor = (name: string, help: string, fallback = '0.1', required = true) => ({
  field: numbersField(name, fallback, help, required),
  nullable: !required,
});

export const RandomFlip = augmentation('RandomFlip', 'A preprocessing layer which randomly flips images during training.', [], {
  pytorch: 'transforms.RandomHorizontalFlip',
  fields: [
    { name: 'mode', kind: 'enum', default: 'horizontal_and_vertical', options: ['horizontal', 'vertical', 'horizontal_and_vertical'] },
    imageFormat,
  ],
  summary: ['mode'],
});

export const RandomRotation = augmentation(
  'RandomRotation',
  'A preprocessing layer which randomly rotates images during training.',
  [factor('factor', 'A fraction of 2π: 0.1 rotates by up to ±36°, (-0.1, 0.2) by −36° to 72°.')],
  { pytorch: 'transforms.RandomRotation' },
);

export const RandomZoom = augmentation(
  'RandomZoom',
  'A preprocessing layer which randomly zooms images during training.',
  [
    factor('height_factor', 'A fraction: 0.2 zooms the height by up to ±20%; (low, high) for a range.'),
    factor('width_factor', 'As height_factor; None keeps the aspect ratio.', 'None', false),
  ],
  { pytorch: 'transforms.RandomAffine' },
);

export const RandomTranslation = augmentation(
  'RandomTranslation',
  'A preprocessing layer which randomly translates images during training.',
  [
    factor('height_factor', 'A fraction of the height: 0.2 shifts by up to ±20%; (low, high) for a range.'),
    factor('width_factor', 'A fraction of the width: 0.2 shifts by up to ±20%; (low, high) for a range.'),
  ],
  { pytorch: 'transforms.RandomAffine' },
);

export const RandomContrast = augmentation(
  'RandomContrast',
  'A preprocessing layer which randomly adjusts contrast during training.',
  [factor('factor', 'Contrast is scaled by a random 1 − f … 1 + f; (low, high) for a range.')],
  { pytorch: 'transforms.ColorJitter' },
);

export const RandomBrightness = augmentation(
  'RandomBrightness',
  'A preprocessing layer which randomly adjusts brightness during training.',
  [factor('factor', 'A fraction of the value range: 0.2 shifts brightness by up to ±20%; (low, high) for a range.')],
  { pytorch: 'transforms.ColorJitter' },
);

// tf.keras only (Keras 3 has neither): the changed axis is None, as compute_output_shape sets it.
export const RandomHeight = augmentation(
  'RandomHeight',
  'A preprocessing layer which randomly varies image height during training.',
  [factor('factor', 'The height changes by a random fraction: 0.2 for ±20%; (low, high) for a range.')],
  { change: () => [null, undefined] },
);

export const RandomWidth = augmentation(
  'RandomWidth',
  'A preprocessing layer which randomly varies image width during training.',
  [factor('factor', 'The width changes by a random fraction: 0.2 for ±20%; (low, high) for a range.')],
  { change: () => [undefined, null] },
);
