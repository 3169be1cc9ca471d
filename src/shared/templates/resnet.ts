// ResNet-18 and ResNet-50: one builder, Keras applications' names, the two published flavours.
import type { Convention } from '../design';
import { DesignBuilder, type Out } from './builder';
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

type Block = (g: DesignBuilder, x: Out, name: string, filters: number, stride: number, projection: boolean, f: Flavour) => Out;

const options = (f: Flavour, filters: number, kernel: number, strides = 1, act?: string): ConvOptions & { epsilon: number; act?: string } => ({
  filters,
  kernel,
  strides,
  // Only the blocks' 3×3 convs pad; the stem's 7×7 reads the ZeroPadding2D before it.
  padding: kernel === 3 ? 'same' : 'valid',
  bias: f.bias,
  epsilon: f.epsilon,
  act,
});

/** The residual sum and its ReLU; the shortcut is a strided 1×1 projection where the shape changes. */
function residual(g: DesignBuilder, x: Out, y: Out, name: string, projection: Out | undefined): Out {
  return activation(g, g.add('Add', {}, [projection ?? x, y], `${name}_add`), `${name}_out`, 'relu');
}

const bottleneck: Block = (g, x, name, filters, stride, projection, f) => {
  const shortcut = projection ? convBn(g, x, suffixed(`${name}_0`), options(f, 4 * filters, 1, stride)) : undefined;
  let y = convBn(g, x, suffixed(`${name}_1`), options(f, filters, 1, f.strideOn3x3 ? 1 : stride, 'relu'));
  y = convBn(g, y, suffixed(`${name}_2`), options(f, filters, 3, f.strideOn3x3 ? stride : 1, 'relu'));
  y = convBn(g, y, suffixed(`${name}_3`), options(f, 4 * filters, 1));
  return residual(g, x, y, name, shortcut);
};

const basic: Block = (g, x, name, filters, stride, projection, f) => {
  const shortcut = projection ? convBn(g, x, suffixed(`${name}_0`), options(f, filters, 1, stride)) : undefined;
  const y = convBn(g, x, suffixed(`${name}_1`), options(f, filters, 3, stride, 'relu'));
  return residual(g, x, convBn(g, y, suffixed(`${name}_2`), options(f, filters, 3)), name, shortcut);
};

function resnet(f: Flavour, block: Block, expansion: number, depths: number[]) {
  const g = new DesignBuilder();
  // A padded 'valid' conv and pool: torchvision's padding=3 and padding=1, as Keras applications write them.
  let x = zeroPad(g, g.input(IMAGE_224), 'conv1_pad', 3);
  x = convBn(g, x, suffixed('conv1'), options(f, 64, 7, 2, 'relu'));
  x = maxPool(g, zeroPad(g, x, 'pool1_pad', 1), 'pool1_pool', 3, 2);
  let channels = 64;
  depths.forEach((blocks, stage) => {
    const filters = 64 << stage;
    for (let b = 0; b < blocks; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      x = block(g, x, `conv${stage + 2}_block${b + 1}`, filters, stride, stride > 1 || channels !== expansion * filters, f);
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
  design: (convention: Convention) => resnet(convention === 'keras' ? KERAS : TORCHVISION, bottleneck, 4, [3, 4, 6, 3]),
});

export const resnet18 = defineTemplate({
  id: 'resnet18',
  name: 'ResNet-18',
  description: 'Basic residual blocks (2, 2, 2, 2) as torchvision builds them: no conv biases, BatchNorm after every conv, 224×224 RGB, 1,000 classes.',
  source: 'torchvision.models.resnet18 (IMAGENET1K_V1 model card: 11,689,512 params)',
  conventions: ['pytorch'],
  design: () => resnet(TORCHVISION, basic, 1, [2, 2, 2, 2]),
});
