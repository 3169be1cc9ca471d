import type { FieldSpec, LayerSpec } from './types';
import { Input } from './layers/input';
import { Dense } from './layers/dense';
import { Activation, Dropout } from './layers/elementwise';
import { ELU, LeakyReLU, PReLU, ReLU, Softmax } from './layers/activations';
import { ConvLSTM1D, ConvLSTM2D, ConvLSTM3D } from './layers/conv-recurrent';
import { Embedding } from './layers/embedding';
import { Conv1D, Conv2D, Conv3D } from './layers/conv';
import { DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D } from './layers/depthwise';
import { Conv1DTranspose, Conv2DTranspose, Conv3DTranspose } from './layers/conv-transpose';
import { LocallyConnected1D, LocallyConnected2D } from './layers/locally-connected';
import {
  AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d,
  AveragePooling1D, AveragePooling2D, AveragePooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D,
} from './layers/pooling';
import { Flatten, Permute, RepeatVector, Reshape } from './layers/reshape';
import { Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D } from './layers/spatial-resize';
import {
  BatchNormalization, GroupNormalization, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LayerNormalization, LocalResponseNorm, UnitNormalization,
} from './layers/normalization';
import { CuDNNGRU, CuDNNLSTM, GRU, LSTM, SimpleRNN } from './layers/recurrent';
import { Bidirectional, SpectralNormalization, TimeDistributed } from './layers/wrappers';
import { MultiHeadAttention, MultiheadAttention } from './layers/attention';
import { TransformerDecoderLayer, TransformerEncoderLayer } from './layers/transformer';
import { GroupQueryAttention } from './layers/grouped-query-attention';
import { RMSNormalization } from './layers/rms-norm';
import { GatedMLP, MLP } from './layers/mlp';
import { MixtureOfExperts } from './layers/mixture-of-experts';
import { CustomLayer, Lambda } from './layers/custom';
import { Bilinear, EmbeddingBag, GLU, Parameter, PixelShuffle, PixelUnshuffle, Unflatten, Upsample } from './layers/torch-modules';
import { SlicingOpLambda, TFOpLambda } from './layers/tf-ops';
import { Add, Average, Concatenate, Dot, Maximum, Merge, Minimum, Multiply, Subtract } from './layers/merge';
import { AdditiveAttention, Attention } from './layers/dot-attention';
import { EinsumDense } from './layers/einsum-dense';
import { GRUCell, LSTMCell, RNN, SimpleRNNCell, StackedRNNCells } from './layers/rnn-cells';
import { Identity, Masking, ThresholdedReLU } from './layers/passthrough';
import {
  ActivityRegularization, AlphaDropout, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D,
} from './layers/regularization';
import { Discretization, Normalization, Rescaling } from './layers/preprocessing';
import {
  CenterCrop, RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomHeight, RandomRotation, RandomTranslation, RandomWidth,
  RandomZoom, Resizing,
} from './layers/image-preprocessing';
import { CategoryEncoding, Hashing, IntegerLookup, StringLookup, TextVectorization } from './layers/lookup';

export type { Family, FieldSpec, LayerSpec, WeightSpec } from './types';
export { FAMILIES, FAMILY_TABLE, familyFill } from './families';

/**
 * Every layer the app knows, in palette order. Adding a layer is adding its module and a line here:
 * everything else (its Keras names, whether a wrapper takes it, its family) is read from its spec.
 */
const LAYERS: LayerSpec[] = [
  Input,
  Dense, EinsumDense, Embedding, Dropout, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax,
  Conv1D, Conv2D, Conv3D, DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D,
  Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, LocallyConnected1D, LocallyConnected2D,
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d,
  SimpleRNN, GRU, LSTM, CuDNNGRU, CuDNNLSTM, RNN, SimpleRNNCell, GRUCell, LSTMCell, StackedRNNCells,
  ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, Bidirectional, TimeDistributed, SpectralNormalization,
  MultiHeadAttention, GroupQueryAttention, Attention, AdditiveAttention, MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer,
  MLP, GatedMLP, MixtureOfExperts,
  BatchNormalization, LayerNormalization, RMSNormalization, GroupNormalization, UnitNormalization,
  InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm,
  Identity, Masking, ThresholdedReLU, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization,
  SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, Rescaling, Normalization, Discretization,
  Resizing, CenterCrop, RandomCrop, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness, RandomHeight, RandomWidth,
  CategoryEncoding, Hashing, StringLookup, IntegerLookup, TextVectorization,
  Bilinear, EmbeddingBag, GLU, Parameter,
  Flatten, Reshape, Permute, RepeatVector, Unflatten, PixelShuffle, PixelUnshuffle, Upsample,
  ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D,
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, Merge,
  Lambda, TFOpLambda, SlicingOpLambda, CustomLayer,
];

export const CATALOG: readonly LayerSpec[] = LAYERS;

const byType = new Map<string, LayerSpec>();
/** Keras class names (the class a spec writes, and its aliases) to specs. A Map: a plain object would also answer 'toString'. */
const byKerasClass = new Map<string, LayerSpec>();

function index(spec: LayerSpec): void {
  byType.set(spec.type, spec);
  for (const name of [spec.type, spec.kerasClass, ...(spec.kerasAliases ?? [])])
    if (name !== undefined && !byKerasClass.has(name)) byKerasClass.set(name, spec);
}
LAYERS.forEach(index);

export const layerSpec = (type: string): LayerSpec | undefined => byType.get(type);

/** The layer a Keras class name (any version's spelling) stands for. */
export const kerasLayerSpec = (className: string): LayerSpec | undefined => byKerasClass.get(className);

/** What a layer class the catalog does not know becomes (its fields: class_name, output_shape, params). */
export const CUSTOM: LayerSpec = CustomLayer;

/** The catalog's source layer (Input): what importers and new blocks make for a graph's entry points. */
export const SOURCE: LayerSpec = LAYERS.find((spec) => spec.source)!;

/** Whether a node of this type is a source (an Input). */
export const isSource = (type: string): boolean => byType.get(type)?.source === true;

/** The layer types a `layer` field can hold, in palette order. */
export const acceptedTypes = (field: Extract<FieldSpec, { kind: 'layer' }>): string[] =>
  LAYERS.filter((spec) => field.accepts.test(spec)).map((spec) => spec.type);

/**
 * Adds a layer defined outside this module (a test's, a user's own layer): it is then known everywhere a
 * catalog layer is, by its type and its Keras names. A type already known is refused.
 */
export function registerLayer(spec: LayerSpec): void {
  if (byType.has(spec.type)) throw new Error(`a layer called ${spec.type} is already in the catalog`);
  LAYERS.push(spec);
  index(spec);
}
