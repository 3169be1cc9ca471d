// The building blocks the image templates share, named as Keras applications name them.
import { ParamRef, type DesignBuilder, type Fields, type Out } from './builder';

export interface ConvOptions {
  /** A block parameter where the block sets it. */
  filters: number | ParamRef;
  kernel: number;
  strides?: number | ParamRef;
  padding?: 'valid' | 'same';
  /** Keras applications' ResNet keeps conv biases; torchvision and every BatchNorm-era net after it drop them. */
  bias: boolean;
  activation?: string;
}

/** Conv2D fields, spelling out only what differs from the catalog's defaults (as a saved file would). */
function convFields({ filters, kernel, strides = 1, padding = 'valid', bias, activation }: ConvOptions): Fields {
  return {
    filters,
    kernel_size: [kernel, kernel],
    // A parameter's one number stands for every axis, as Keras reads strides=2.
    ...(strides instanceof ParamRef ? { strides } : strides !== 1 ? { strides: [strides, strides] } : {}),
    ...(padding !== 'valid' ? { padding } : {}),
    ...(bias ? {} : { use_bias: false }),
    ...(activation ? { activation } : {}),
  };
}

export const conv = (g: DesignBuilder, x: Out, name: string, options: ConvOptions): Out => g.add('Conv2D', convFields(options), x, name);

/** Zero padding on every side, or [top, bottom, left, right]. */
export const zeroPad = (g: DesignBuilder, x: Out, name: string, padding: number | number[]): Out =>
  g.add('ZeroPadding2D', { padding: typeof padding === 'number' ? [padding, padding, padding, padding] : padding }, x, name);

export const maxPool = (g: DesignBuilder, x: Out, name: string, pool: number, strides = pool, padding: 'valid' | 'same' = 'valid'): Out =>
  g.add('MaxPooling2D', { pool_size: [pool, pool], strides: [strides, strides], ...(padding === 'same' ? { padding } : {}) }, x, name);

export const batchNorm = (g: DesignBuilder, x: Out, name: string, epsilon: number): Out =>
  g.add('BatchNormalization', { epsilon }, x, name);

export const activation = (g: DesignBuilder, x: Out, name: string, fn: string): Out => g.add('Activation', { activation: fn }, x, name);

export interface Names {
  conv: string;
  bn: string;
  act: string;
}

/** Keras applications' `{prefix}_conv`, `{prefix}_bn`, `{prefix}_relu`. */
export const suffixed = (prefix: string): Names => ({ conv: `${prefix}_conv`, bn: `${prefix}_bn`, act: `${prefix}_relu` });

/** Conv2D → BatchNormalization → activation (none when `act` is omitted: before a residual Add). */
export function convBn(g: DesignBuilder, x: Out, names: Names, options: ConvOptions & { epsilon: number; act?: string }): Out {
  const y = batchNorm(g, conv(g, x, names.conv, options), names.bn, options.epsilon);
  return options.act ? activation(g, y, names.act, options.act) : y;
}

/** The classifier every ImageNet template ends with: global average, then 1,000 classes. */
export function imagenetHead(g: DesignBuilder, x: Out, pool = 'avg_pool', dense = 'predictions'): Out {
  return g.add('Dense', { units: 1000, activation: 'softmax' }, g.add('GlobalAveragePooling2D', {}, x, pool), dense);
}

/** ImageNet's 224×224 RGB input, channels-last as the design keeps it (the PyTorch convention shows 3×224×224). */
export const IMAGE_224 = [224, 224, 3];
