// The core pass-through, regularization and preprocessing layers, gathered for the catalog's index.
export { Identity, Masking, ThresholdedReLU } from './passthrough';
export {
  ActivityRegularization, AlphaDropout, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D,
} from './regularization';
export { Discretization, Normalization, Rescaling } from './preprocessing';
export {
  CenterCrop, RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomHeight, RandomRotation, RandomTranslation, RandomWidth,
  RandomZoom, Resizing,
} from './image-preprocessing';
export { CategoryEncoding, Hashing, IntegerLookup, StringLookup, TextVectorization } from './lookup';
