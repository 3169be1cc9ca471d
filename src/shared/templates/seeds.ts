// The worked examples of the counting articles the app was seeded with: one click, a number to check by hand.
import { DesignBuilder, type Fields } from './builder';
import { defineTemplate, type Template } from './types';

type Layer = [type: string, fields?: Fields, name?: string];

interface Seed {
  id: string;
  name: string;
  description: string;
  source: string;
  input: (number | null)[];
  layers: Layer[];
}

/** An Input, then each layer fed by the one before; the figures are the same in both conventions unless said. */
const seed = ({ input, layers, ...about }: Seed): Template =>
  defineTemplate({
    ...about,
    conventions: ['keras', 'pytorch'],
    design: () => {
      const g = new DesignBuilder();
      g.chain(g.input(input), ...layers);
      return g.design();
    },
  });

const KARIM = 'Raimi Karim, “Counting No. of Parameters in Deep Learning Models by Hand” (Towards Data Science, 2019)';
const DATACAMP = 'DataCamp, “How many parameters?” (Image Processing with Keras in Python)';
const relu = (units: number): Layer => ['Dense', { units, activation: 'relu' }];
const conv3x3 = (filters: number, name?: string): Layer => ['Conv2D', { filters, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, name];

export const SEED_TEMPLATES: Template[] = [
  seed({
    id: 'ffnn-3-5-2',
    name: 'FFNN 3 → 5 → 2',
    description: 'One hidden layer: (3×5 + 5×2) + (5 + 2) = 32 parameters.',
    source: `${KARIM}, example 1.1`,
    input: [3],
    layers: [['Dense', { units: 5 }, 'hidden'], ['Dense', { units: 2 }, 'output']],
  }),
  seed({
    id: 'ffnn-50-100-1-100-50',
    name: 'FFNN 50 → 100 → 1 → 100 → 50',
    description: 'Three hidden layers around a one-unit bottleneck: 10,451 parameters.',
    source: `${KARIM}, example 1.2`,
    input: [50],
    layers: [['Dense', { units: 100 }], ['Dense', { units: 1 }], ['Dense', { units: 100 }], ['Dense', { units: 50 }, 'output']],
  }),
  seed({
    id: 'lstm-2-on-3',
    name: 'LSTM(2) on 3 features',
    description: 'g × [h(h+i) + h] = 4 × [2(2+3) + 2] = 48 in Keras; PyTorch keeps two bias vectors per gate: 56.',
    source: `${KARIM}, example 2.1`,
    input: [null, 3],
    layers: [['LSTM', { units: 2 }, 'lstm']],
  }),
  seed({
    id: 'bigru-lstm',
    name: 'BiGRU(5) + LSTM(50)',
    description:
      'A bidirectional GRU (5 units on 8 features, reset_after=False as in the article) feeding an LSTM(50): 420 + 12,200 = 12,620 ' +
      'in Keras; PyTorch’s second bias vectors make it 450 + 12,400 = 12,850.',
    source: `${KARIM}, example 2.2`,
    input: [null, 8],
    layers: [
      ['Bidirectional', { layer: { type: 'GRU', fields: { units: 5, return_sequences: true, reset_after: false } } }, 'bidirectional'],
      ['LSTM', { units: 50 }, 'lstm'],
    ],
  }),
  seed({
    id: 'cnn-32x32x3',
    name: 'CNN on 32×32×3',
    description: 'Three convolutions (3×3×3×32 + 32 = 896 the first), a max pool, a global average and two dense layers: 73,592.',
    source: 'How to calculate the number of parameters for a Convolutional and Dense layer in Keras (the model.summary() lesson)',
    input: [32, 32, 3],
    layers: [
      conv3x3(32, 'Conv1'),
      ['MaxPooling2D', { pool_size: [2, 2] }, 'Max1'],
      conv3x3(128, 'Conv3'),
      ['Conv2D', { filters: 256, kernel_size: [1, 1], padding: 'same', activation: 'relu' }, 'Conv4'],
      ['GlobalAveragePooling2D', {}, 'GAP1'],
      ['Dense', { units: 10, activation: 'relu' }, 'Dense1'],
      ['Dense', { units: 10, activation: 'softmax' }, 'Output'],
    ],
  }),
  seed({
    id: 'mnist-dense',
    name: 'Dense net on 28×28 images',
    description: '784 pixels → 10 → 10 → 3: 7,850 + 110 + 33 = 7,993.',
    source: DATACAMP,
    input: [784],
    layers: [relu(10), relu(10), ['Dense', { units: 3, activation: 'softmax' }]],
  }),
  seed({
    id: 'mnist-cnn',
    name: 'CNN on 28×28 images',
    description: 'Two 3×3 convolutions of 10 filters and a dense layer on the 28×28×10 = 7,840 values: 100 + 910 + 23,523 = 24,533.',
    source: DATACAMP,
    input: [28, 28, 1],
    layers: [conv3x3(10), conv3x3(10), ['Flatten'], ['Dense', { units: 3, activation: 'softmax' }]],
  }),
];
