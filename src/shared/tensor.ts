import type { Convention } from './design';

/** A dimension: a size, or `null` where it is only known at run time (a variable-length axis). */
export type Dim = number | null;

/**
 * A tensor without its batch axis, always channels-last internally (Keras's layout).
 * `spatial` marks image/volume/signal tensors, whose last axis is channels: the PyTorch
 * convention shows those channels-first. Sequences and feature vectors look alike in both.
 */
export interface Tensor {
  dims: Dim[];
  spatial: boolean;
  /**
   * A fixed batch size, where an Input declares one (Keras's batch_input_shape [1, 48, 48, 1]): the
   * evaluator gives it to every tensor computed from that input, and shapes print it as Keras does.
   */
  batch?: number;
}

export const tensor = (dims: Dim[], spatial = false): Tensor => ({ dims, spatial });

/** Where nothing says otherwise, three or more axes (e.g. height, width, channels) are an image or volume. */
export const looksSpatial = (dims: Dim[]): boolean => dims.length >= 3;

const sameDims = (a: Dim[], b: Dim[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export const sameTensor = (a: Tensor, b: Tensor): boolean => a.spatial === b.spatial && a.batch === b.batch && sameDims(a.dims, b.dims);

/** The shape as the convention prints it, batch axis first as `null`. */
export function displayShape(t: Tensor, convention: Convention): Dim[] {
  if (convention === 'pytorch' && t.spatial && t.dims.length >= 2) {
    const channels = t.dims[t.dims.length - 1];
    return [t.batch ?? null, channels, ...t.dims.slice(0, -1)];
  }
  return [t.batch ?? null, ...t.dims];
}

const formatDim = (d: Dim): string => (d === null ? 'None' : String(d));

export const formatShape = (dims: Dim[]): string =>
  dims.length === 1 ? `(${formatDim(dims[0])},)` : `(${dims.map(formatDim).join(', ')})`;

/** Last axis, the one Dense, RNNs and normalisations read their input size from. */
export const lastDim = (t: Tensor): Dim => t.dims[t.dims.length - 1] ?? null;
