// Small classic architectures to open and change: their counts are checked against formulas worked by hand.
import { DesignBuilder, type Out } from './builder';
import { conv, maxPool } from './blocks';
import { defineTemplate } from './types';

export const lenet5 = defineTemplate({
  id: 'lenet5',
  name: 'LeNet-5',
  description:
    'LeCun et al. (1998): 32×32 grey images, 5×5 convolutions to 6 and 16 maps with 2×2 average pooling, then 120, 84 and 10 units. ' +
    'C5 is written as the Dense it amounts to on the 5×5×16 maps (same 48,120 weights). 61,706 parameters.',
  source: 'LeCun, Bottou, Bengio, Haffner, “Gradient-based learning applied to document recognition” (1998), the usual modern form (full C3 connections)',
  conventions: ['keras', 'pytorch'],
  design: () => {
    const g = new DesignBuilder();
    g.chain(
      g.input([32, 32, 1]),
      ['Conv2D', { filters: 6, kernel_size: [5, 5], activation: 'tanh' }, 'C1'],
      ['AveragePooling2D', { pool_size: [2, 2] }, 'S2'],
      ['Conv2D', { filters: 16, kernel_size: [5, 5], activation: 'tanh' }, 'C3'],
      ['AveragePooling2D', { pool_size: [2, 2] }, 'S4'],
      ['Flatten', {}, 'flatten'],
      ['Dense', { units: 120, activation: 'tanh' }, 'C5'],
      ['Dense', { units: 84, activation: 'tanh' }, 'F6'],
      ['Dense', { units: 10, activation: 'softmax' }, 'output'],
    );
    return g.design();
  },
});

export const lstmTextClassifier = defineTemplate({
  id: 'lstm-text-classifier',
  name: 'LSTM text classifier',
  description:
    'Sentiment-style binary classifier: 200 token ids, a 10,000 × 128 embedding, an LSTM of 64 units and one sigmoid unit. ' +
    'The LSTM counts 49,408 in Keras and 49,664 in PyTorch (two bias vectors per gate).',
  source: 'The Keras text-classification pattern (Embedding → LSTM → Dense); checked against g·[h(h+i) + h] by hand',
  conventions: ['keras', 'pytorch'],
  design: () => {
    const g = new DesignBuilder();
    g.chain(
      g.input([200], 'token_ids'),
      ['Embedding', { input_dim: 10_000, output_dim: 128 }, 'embedding'],
      ['LSTM', { units: 64 }, 'lstm'],
      ['Dropout', { rate: 0.5 }, 'dropout'],
      ['Dense', { units: 1, activation: 'sigmoid' }, 'output'],
    );
    return g.design();
  },
});

/** Two 3×3 ReLU convolutions, the unit every U-Net level is made of. */
const twoConvs = (g: DesignBuilder, x: Out, name: string, filters: number): Out =>
  [1, 2].reduce((y, i) => conv(g, y, `${name}_conv${i}`, { filters, kernel: 3, padding: 'same', bias: true, activation: 'relu' }), x);

export const UNET_FILTERS = [16, 32, 64];

export const unetSmall = defineTemplate({
  id: 'unet-small',
  name: 'U-Net (small)',
  description:
    'Ronneberger et al.’s U-Net at toy size for 128×128 grey images: three levels of 16, 32 and 64 filters down, a 128-filter bottom, ' +
    'and back up with 2×2 transposed convolutions, each concatenated with the encoder’s output at its size (the skip ' +
    'connections); a 1×1 sigmoid conv gives the mask. No BatchNorm: the same count in both conventions.',
  source: 'Ronneberger, Fischer, Brox, “U-Net” (2015), scaled down; checked against i·k·k·o + o per convolution by hand',
  conventions: ['keras', 'pytorch'],
  design: () => {
    const g = new DesignBuilder();
    let x = g.input([128, 128, 1], 'image');
    const skips: Out[] = [];
    UNET_FILTERS.forEach((filters, level) => {
      skips.push(twoConvs(g, x, `down${level + 1}`, filters));
      x = maxPool(g, skips[level], `down${level + 1}_pool`, 2);
    });
    x = twoConvs(g, x, 'bottom', 2 * UNET_FILTERS[UNET_FILTERS.length - 1]);
    for (let level = UNET_FILTERS.length - 1; level >= 0; level--) {
      const filters = UNET_FILTERS[level];
      const up = g.add('Conv2DTranspose', { filters, kernel_size: [2, 2], strides: [2, 2] }, x, `up${level + 1}_transpose`);
      x = twoConvs(g, g.add('Concatenate', {}, [up, skips[level]], `up${level + 1}_concat`), `up${level + 1}`, filters);
    }
    conv(g, x, 'mask', { filters: 1, kernel: 1, bias: true, activation: 'sigmoid' });
    return g.design();
  },
});
