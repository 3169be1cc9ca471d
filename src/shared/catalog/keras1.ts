// Keras 1 spelled many settings differently (`nb_filter`, `border_mode`, `subsample`, `dim_ordering`…). Layer
// specs name what they read of it in `fromKerasConfig`, built from these; a current config passes unchanged.
type Config = Record<string, unknown>;

/** Keys renamed, where the old one is present and the new one is not. */
export function renamed(config: Config, renames: Readonly<Record<string, string>>): Config {
  let out = config;
  for (const old in renames) {
    const now = renames[old];
    if (!(old in config) || now in config) continue;
    if (out === config) out = { ...config };
    out[now] = config[old];
    delete out[old];
  }
  return out;
}

/** Keras 1's `dim_ordering` ('th': channels first, Theano's layout; 'tf': channels last) as Keras 2's `data_format`. */
function dataFormat(config: Config): Config {
  if (!('dim_ordering' in config) || 'data_format' in config) return config;
  const { dim_ordering: ordering, ...rest } = config;
  return { ...rest, data_format: ordering === 'th' ? 'channels_first' : 'channels_last' };
}

/** Per-axis sizes Keras 1 kept as one key per axis (nb_row, nb_col; kernel_dim1…3; pool_length). */
function perAxis(config: Config, keys: readonly string[], into: string): Config {
  if (into in config || !keys.every((k) => k in config)) return config;
  const out = { ...config, [into]: keys.map((k) => config[k]) };
  for (const k of keys) delete out[k];
  return out;
}

const COMMON = { bias: 'use_bias', border_mode: 'padding', atrous_rate: 'dilation_rate', p: 'rate' } as const;

/**
 * Reads a Keras 1 layer config with these renames and per-axis groups besides the ones all layers share.
 * Every imported config goes through one of these: what can be worked out once is, when the spec is made.
 */
export function keras1(renames: Readonly<Record<string, string>> = {}, axes: Readonly<Record<string, readonly string[]>> = {}) {
  const all = { ...COMMON, ...renames };
  const groups = Object.entries(axes);
  return (config: Config): Config => {
    let out = dataFormat(renamed(config, all));
    for (const [into, keys] of groups) out = perAxis(out, keys, into);
    return out;
  };
}

/** What every layer's config goes through when its spec names nothing more: the renames all layers share. */
export const keras1Common = keras1();

/** Keras 1's convolutions: `Convolution2D(nb_filter, nb_row, nb_col, subsample=…)`. */
export const keras1Convolution = (rank: 1 | 2 | 3) =>
  keras1(
    { nb_filter: 'filters', subsample: 'strides', subsample_length: 'strides', filter_length: 'kernel_size' },
    rank === 2 ? { kernel_size: ['nb_row', 'nb_col'] } : rank === 3 ? { kernel_size: ['kernel_dim1', 'kernel_dim2', 'kernel_dim3'] } : {},
  );
