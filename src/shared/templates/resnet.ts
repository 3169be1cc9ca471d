// ResNet-18 and ResNet-50: one builder, Keras applications' names, the two published flavours.
import type { Convention } from '../design';
import { DesignBuilder, param, type Out, type ParamRef } from './builder';
import { activation, convBn, IMAGE_224, imagenetHead, maxPool, suffixed, zeroPad, type ConvOptions } from './blocks';
import { defineTemplate } from './types';

/** What differs between the two published ResNets beyond the depth: where the counts and shapes come from. */
interface Flavour {
  /** Keras applications' ResNet50 leaves use_bias at its default (True) on every conv; torchvision sets bias=False. */
  bias: boolean;
  /** torchvision (ResNet v1.5) strides in the 3×3 conv of a downsampling block, Keras (v1) in the first 1×1. */
  strideOn3x3: boolean;
  epsilon: number;
}
const KERAS: Flavour = { bias: true, strideOn3x3: false, epsilon: 1.001e-5 };
const TORCHVISION: Flavour = { bias: false, strideOn3x3: true, epsilon: 1e-5 };

/** A residual block's graph; `projection`: the shortcut is a 1×1 conv (with the block's stride), else the identity. */
type Body = (b: DesignBuilder, x: Out, f: Flavour, projection: boolean) => Out;

const options = (f: Flavour, filters: number | ParamRef, kernel: number, strides: number | ParamRef = 1, act?: string): ConvOptions & { epsilon: number; act?: string } => ({
  filters,
  kernel,
  strides,
  // Only the blocks' 3×3 convs pad; the stem's 7×7 reads the ZeroPadding2D before it.
  padding: kernel === 3 ? 'same' : 'valid',
  bias: f.bias,
  epsilon: f.epsilon,
  act,
});

/** The residual sum and its ReLU. */
const residual = (b: DesignBuilder, shortcut: Out, y: Out): Out => activation(b, b.add('Add', {}, [shortcut, y], 'add'), 'out', 'relu');

// Inside a block, layers are named as Keras applications name them after the block's prefix: an instance
// conv3_block1 written out as plain layers has conv3_block1_1_conv, conv3_block1_1_bn…
const bottleneck: Body = (b, x, f, projection) => {
  const stride = projection ? param('stride') : 1;
  const shortcut = projection ? convBn(b, x, suffixed('0'), options(f, param('filters', 4), 1, stride)) : x;
  let y = convBn(b, x, suffixed('1'), options(f, param('filters'), 1, f.strideOn3x3 ? 1 : stride, 'relu'));
  y = convBn(b, y, suffixed('2'), options(f, param('filters'), 3, f.strideOn3x3 ? stride : 1, 'relu'));
  return residual(b, shortcut, convBn(b, y, suffixed('3'), options(f, param('filters', 4), 1)));
};

const basic: Body = (b, x, f, projection) => {
  const stride = projection ? param('stride') : 1;
  const shortcut = projection ? convBn(b, x, suffixed('0'), options(f, param('filters'), 1, stride)) : x;
  const y = convBn(b, x, suffixed('1'), options(f, param('filters'), 3, stride, 'relu'));
  return residual(b, shortcut, convBn(b, y, suffixed('2'), options(f, param('filters'), 3)));
};

/**
 * Two blocks per kind, as the papers draw them: with a projection shortcut (the first block of a stage,
 * where the shape changes; parameters filters and stride) and with the identity (parameter filters).
 */
function resnet(f: Flavour, kind: 'bottleneck' | 'basic', depths: number[]) {
  const [body, expansion] = kind === 'bottleneck' ? [bottleneck, 4] : [basic, 1];
  const g = new DesignBuilder();
  const projected = g.defineBlock(`${kind}_projection`, { filters: 64, stride: 1 }, [[56, 56, 64]], (b, [x]) => body(b, x, f, true));
  const identity = g.defineBlock(kind, { filters: 64 }, [[56, 56, 64 * expansion]], (b, [x]) => body(b, x, f, false));
  // A padded 'valid' conv and pool: torchvision's padding=3 and padding=1, as Keras applications write them.
  let x = zeroPad(g, g.input(IMAGE_224), 'conv1_pad', 3);
  x = convBn(g, x, suffixed('conv1'), options(f, 64, 7, 2, 'relu'));
  x = maxPool(g, zeroPad(g, x, 'pool1_pad', 1), 'pool1_pool', 3, 2);
  let channels = 64;
  depths.forEach((blocks, stage) => {
    const filters = 64 << stage;
    for (let k = 0; k < blocks; k++) {
      const stride = k === 0 && stage > 0 ? 2 : 1;
      const name = `conv${stage + 2}_block${k + 1}`;
      const projection = stride > 1 || channels !== expansion * filters;
      x = projection ? g.instance(projected, { filters, stride }, x, name) : g.instance(identity, { filters }, x, name);
      channels = expansion * filters;
    }
  });
  imagenetHead(g, x);
  return g.design();
}

export const resnet50 = defineTemplate({
  id: 'resnet50',
  name: 'ResNet-50',
  description:
    'Bottleneck residual network (3, 4, 6, 3 blocks), 224×224 RGB, 1,000 classes. One design per convention, on purpose: ' +
    'keras builds Keras applications’ ResNet50 (conv biases on, stride in the first 1×1 conv: 25,636,712 with 53,120 ' +
    'non-trainable BatchNorm statistics); pytorch builds torchvision’s resnet50 (no conv biases, stride in the 3×3: 25,557,032).',
  source: 'keras.applications.ResNet50 model.summary(); torchvision.models.resnet50 (IMAGENET1K_V1 model card: 25,557,032 params)',
  conventions: ['keras', 'pytorch'],
  design: (convention: Convention) => resnet(convention === 'keras' ? KERAS : TORCHVISION, 'bottleneck', [3, 4, 6, 3]),
});

export const resnet18 = defineTemplate({
  id: 'resnet18',
  name: 'ResNet-18',
  description: 'Basic residual blocks (2, 2, 2, 2) as torchvision builds them: no conv biases, BatchNorm after every conv, 224×224 RGB, 1,000 classes.',
  source: 'torchvision.models.resnet18 (IMAGENET1K_V1 model card: 11,689,512 params)',
  conventions: ['pytorch'],
  design: () => resnet(TORCHVISION, 'basic', [2, 2, 2, 2]),
});
