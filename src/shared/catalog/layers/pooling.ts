import { tensor } from '../../tensor';
import { channelsOf, dataFormat, padding, perAxis, requireRank, slideWindows, withChannels } from '../common';
import { bool, ints, optInts, text } from '../fields';
import { keras1 } from '../keras1';
import type { LayerSpec } from '../types';

const AXES = ['steps', 'height, width', 'depth, height, width'];

function pooling(kind: 'Max' | 'Average', rank: 1 | 2 | 3): LayerSpec {
  const type = `${kind}Pooling${rank}D`;
  return {
    type,
    family: 'pooling',
    kerasAliases: [`${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}D`],
    fromKerasConfig: keras1({ pool_length: 'pool_size', stride: 'strides' }),
    description: `${kind === 'Max' ? 'Max' : 'Average'} pooling operation for ${['1D temporal data', '2D spatial data', '3D data (spatial or spatio-temporal)'][rank - 1]}.`,
    pytorch: `nn.${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}d`,
    fields: [
      perAxis('pool_size', rank, 2),
      { name: 'strides', kind: 'ints', length: rank, min: 1, default: null, nullable: true, help: 'None: the pool size' },
      padding(),
      dataFormat,
    ],
    summary: ['pool_size', 'strides?', 'padding?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      const pool = ints(ctx, 'pool_size');
      return slideWindows(ctx, pool, text(ctx, 'padding'), optInts(ctx, 'strides') ?? pool, undefined, channelsOf(ctx));
    },
  };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2 | 3): LayerSpec {
  const type = `Global${kind}Pooling${rank}D`;
  return {
    type,
    family: 'pooling',
    kerasAliases: [`Global${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}D`],
    fromKerasConfig: keras1(),
    description: `Global ${kind === 'Max' ? 'max' : 'average'} pooling operation for ${['temporal', '2D', '3D'][rank - 1]} data.`,
    pytorch: `nn.Adaptive${kind === 'Max' ? 'Max' : 'Avg'}Pool${rank}d(1) + flatten`,
    fields: [{ name: 'keepdims', kind: 'bool', default: false }, dataFormat],
    summary: ['keepdims?'],
    inputs: { min: 1, max: 1 },
    inferShape: (ctx) => {
      const wrongRank = requireRank(ctx, type, rank + 1, `${AXES[rank - 1]}, channels`);
      if (wrongRank) return wrongRank;
      const channels = channelsOf(ctx);
      return bool(ctx, 'keepdims') ? withChannels(ctx, Array(rank).fill(1), channels) : tensor([channels]);
    },
  };
}

export const MaxPooling1D = pooling('Max', 1);
export const MaxPooling2D = pooling('Max', 2);
export const MaxPooling3D = pooling('Max', 3);
export const AveragePooling1D = pooling('Average', 1);
export const AveragePooling2D = pooling('Average', 2);
export const AveragePooling3D = pooling('Average', 3);
export const GlobalMaxPooling1D = globalPooling('Max', 1);
export const GlobalMaxPooling2D = globalPooling('Max', 2);
export const GlobalMaxPooling3D = globalPooling('Max', 3);
export const GlobalAveragePooling1D = globalPooling('Average', 1);
export const GlobalAveragePooling2D = globalPooling('Average', 2);
export const GlobalAveragePooling3D = globalPooling('Average', 3);
