import { DesignBuilder, type Out } from './builder';
import { activation, batchNorm, conv, convBn, IMAGE_224, imagenetHead, maxPool, suffixed, zeroPad } from './blocks';
import { defineTemplate } from './types';

const EPSILON = 1.001e-5;
const GROWTH = 32;

/** BatchNorm → ReLU: DenseNet normalises before each conv (pre-activation). */
const bnRelu = (g: DesignBuilder, x: Out, prefix: string): Out => activation(g, batchNorm(g, x, `${prefix}_bn`, EPSILON), `${prefix}_relu`, 'relu');

/** BN-ReLU-1×1 conv to 4·growth, BN-ReLU-3×3 conv to growth, concatenated onto everything before it. */
function denseLayer(g: DesignBuilder, x: Out, name: string): Out {
  let y = conv(g, bnRelu(g, x, `${name}_0`), `${name}_1_conv`, { filters: 4 * GROWTH, kernel: 1, bias: false });
  y = conv(g, bnRelu(g, y, `${name}_1`), `${name}_2_conv`, { filters: GROWTH, kernel: 3, padding: 'same', bias: false });
  return g.add('Concatenate', {}, [x, y], `${name}_concat`);
}

function densenet(blocks: number[]) {
  const g = new DesignBuilder();
  let x = zeroPad(g, g.input(IMAGE_224), 'zero_padding2d', 3);
  x = convBn(g, x, suffixed('conv1'), { filters: 64, kernel: 7, strides: 2, bias: false, epsilon: EPSILON, act: 'relu' });
  x = maxPool(g, zeroPad(g, x, 'zero_padding2d_1', 1), 'pool1', 3, 2);
  let channels = 64;
  blocks.forEach((layers, b) => {
    for (let l = 0; l < layers; l++) x = denseLayer(g, x, `conv${b + 2}_block${l + 1}`);
    channels += layers * GROWTH;
    if (b === blocks.length - 1) return;
    // Transition: halve the channels with a 1×1 conv, halve the image with a 2×2 average.
    channels /= 2;
    const name = `pool${b + 2}`;
    x = conv(g, bnRelu(g, x, name), `${name}_conv`, { filters: channels, kernel: 1, bias: false });
    x = g.add('AveragePooling2D', { pool_size: [2, 2], strides: [2, 2] }, x, `${name}_pool`);
  });
  imagenetHead(g, activation(g, batchNorm(g, x, 'bn', EPSILON), 'relu', 'relu'));
  return g.design();
}

export const densenet121Template = defineTemplate({
  id: 'densenet121',
  name: 'DenseNet-121',
  description:
    'Four dense blocks (6, 12, 24, 16 layers, growth rate 32, 1×1 bottlenecks to 128) joined by transitions that halve the channels, ' +
    '224×224 RGB, 1,000 classes; convs without biases. One design: PyTorch counts 7,978,856 (torchvision), Keras the same plus ' +
    '83,648 non-trainable BatchNorm statistics: 8,062,504.',
  source: 'torchvision.models.densenet121 (IMAGENET1K_V1 model card: 7,978,856 params); keras.applications.DenseNet121 (applications table: 8,062,504)',
  conventions: ['pytorch', 'keras'],
  design: () => densenet([6, 12, 24, 16]),
});
