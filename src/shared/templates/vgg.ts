import { DesignBuilder } from './builder';
import { conv, IMAGE_224, maxPool } from './blocks';
import { defineTemplate } from './types';

/** Filters per conv of each block; a 2×2 max pool ends every block. */
const VGG16_BLOCKS = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];

function vgg16() {
  const g = new DesignBuilder();
  let x = g.input(IMAGE_224);
  VGG16_BLOCKS.forEach((filters, b) => {
    filters.forEach((f, c) => {
      x = conv(g, x, `block${b + 1}_conv${c + 1}`, { filters: f, kernel: 3, padding: 'same', bias: true, activation: 'relu' });
    });
    x = maxPool(g, x, `block${b + 1}_pool`, 2);
  });
  g.chain(
    x,
    ['Flatten', {}, 'flatten'],
    ['Dense', { units: 4096, activation: 'relu' }, 'fc1'],
    ['Dense', { units: 4096, activation: 'relu' }, 'fc2'],
    ['Dense', { units: 1000, activation: 'softmax' }, 'predictions'],
  );
  return g.design();
}

export const vgg16Template = defineTemplate({
  id: 'vgg16',
  name: 'VGG-16',
  description:
    '13 3×3 convolutions in five blocks, then 7×7×512 flattened into two 4,096-unit layers and 1,000 classes; 224×224 RGB. ' +
    'The same in both conventions (no BatchNorm). torchvision adds Dropout and an AdaptiveAvgPool2d(7), the identity at 224: no weights.',
  source: 'keras.applications.VGG16 model.summary() and torchvision.models.vgg16 (IMAGENET1K_V1 model card): 138,357,544 params',
  conventions: ['keras', 'pytorch'],
  design: vgg16,
});
