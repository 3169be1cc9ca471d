import type { Family, LayerSpec } from './types';
import { Input } from './layers/input';
import { Dense } from './layers/dense';
import { Activation, Dropout } from './layers/elementwise';
import { ELU, LeakyReLU, PReLU, ReLU, Softmax } from './layers/activations';
import { ConvLSTM2D } from './layers/conv-recurrent';
import { Embedding } from './layers/embedding';
import { Conv1D, Conv2D, Conv3D } from './layers/conv';
import { DepthwiseConv2D, SeparableConv2D } from './layers/depthwise';
import { Conv2DTranspose } from './layers/conv-transpose';
import {
  AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D,
} from './layers/pooling';
import { Flatten, Permute, RepeatVector, Reshape } from './layers/reshape';
import { Cropping2D, UpSampling2D, ZeroPadding2D } from './layers/spatial-resize';
import { BatchNormalization, LayerNormalization } from './layers/normalization';
import { GRU, LSTM, SimpleRNN } from './layers/recurrent';
import { Bidirectional, TimeDistributed } from './layers/wrappers';
import { MultiHeadAttention, MultiheadAttention } from './layers/attention';
import { TransformerDecoderLayer, TransformerEncoderLayer } from './layers/transformer';
import { Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract } from './layers/merge';

export type { Family, FieldSpec, LayerSpec, WeightSpec } from './types';

/** Every layer the app knows, in palette order. Adding a layer is adding its module and a line here. */
export const CATALOG: readonly LayerSpec[] = [
  Input,
  Dense, Embedding, Dropout, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax,
  Conv1D, Conv2D, Conv3D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose,
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  SimpleRNN, GRU, LSTM, ConvLSTM2D, Bidirectional, TimeDistributed,
  MultiHeadAttention, MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer,
  BatchNormalization, LayerNormalization,
  Flatten, Reshape, Permute, RepeatVector, ZeroPadding2D, Cropping2D, UpSampling2D,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,
];

const byType = new Map(CATALOG.map((spec) => [spec.type, spec]));

export const layerSpec = (type: string): LayerSpec | undefined => byType.get(type);

export const FAMILIES: readonly Family[] = [
  'input', 'core', 'convolution', 'pooling', 'recurrent', 'attention', 'normalization', 'reshaping', 'merge', 'wrapper',
];
