// The generic RNN and its cells, cuDNN's recurrent layers, score attention, EinsumDense, the further
// normalisations and Keras 1's Merge, gathered for the catalog's index.
export { CuDNNGRU, CuDNNLSTM } from './recurrent';
export { GRUCell, LSTMCell, RNN, SimpleRNNCell, StackedRNNCells } from './rnn-cells';
export { SpectralNormalization } from './wrappers';
export { AdditiveAttention, Attention } from './dot-attention';
export { EinsumDense } from './einsum-dense';
export { GroupNormalization, UnitNormalization } from './normalization';
export { Merge } from './merge';
