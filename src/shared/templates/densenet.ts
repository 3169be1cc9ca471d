import { DesignBuilder, param, type Out } from './builder';
import { activation, batchNorm, conv, convBn, IMAGE_224, imagenetHead, maxPool, suffixed, zeroPad } from './blocks';
import { defineTemplate } from './types';

const EPSILON = 1.001e-5;
const GROWTH = 32;

/** BatchNorm → ReLU: DenseNet normalises before each conv (pre-activation). */
const bnRelu = (b: DesignBuilder, x: Out, prefix: string): Out => activation(b, batchNorm(b, x, `${prefix}_bn`, EPSILON), `${prefix}_relu`, 'relu');

/** BN-ReLU-1×1 conv to 4·growth, BN-ReLU-3×3 conv to growth, concatenated onto everything before it. */
function denseLayer(b: DesignBuilder, x: Out): Out {
  let y = conv(b, bnRelu(b, x, '0'), '1_conv', { filters: 4 * GROWTH, kernel: 1, bias: false });
  y = conv(b, bnRelu(b, y, '1'), '2_conv', { filters: GROWTH, kernel: 3, padding: 'same', bias: false });
  return b.add('Concatenate', {}, [x, y], 'concat');
}

/** Halves the channels with a 1×1 conv (parameter filters) and the image with a 2×2 average. */
function transition(b: DesignBuilder, x: Out): Out {
  const y = conv(b, bnRelu(b, x, 'pre'), 'conv', { filters: param('filters'), kernel: 1, bias: false });
  return b.add('AveragePooling2D', { pool_size: [2, 2], strides: [2, 2] }, y, 'pool');
}

/**
 * A dense block is one dense layer repeated: each copy reads every channel before it (32 more per copy),
 * so each copy is fed a wider tensor and counted on it.
 */
function densenet(blocks: number[]) {
  const g = new DesignBuilder();
  const layer = g.defineBlock('dense_layer', {}, [[56, 56, 64]], (b, [x]) => denseLayer(b, x));
  const halve = g.defineBlock('transition', { filters: 128 }, [[56, 56, 256]], (b, [x]) => transition(b, x));
  let x = zeroPad(g, g.input(IMAGE_224), 'zero_padding2d', 3);
  x = convBn(g, x, suffixed('conv1'), { filters: 64, kernel: 7, strides: 2, bias: false, epsilon: EPSILON, act: 'relu' });
  x = maxPool(g, zeroPad(g, x, 'zero_padding2d_1', 1), 'pool1', 3, 2);
  let channels = 64;
  blocks.forEach((layers, k) => {
    x = g.instance(layer, {}, x, `conv${k + 2}`, layers);
    channels += layers * GROWTH;
    if (k === blocks.length - 1) return;
    channels /= 2;
    x = g.instance(halve, { filters: channels }, x, `pool${k + 2}`);
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
