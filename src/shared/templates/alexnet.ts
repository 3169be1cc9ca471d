import { DesignBuilder } from './builder';
import { conv, IMAGE_224, maxPool, zeroPad } from './blocks';
import { defineTemplate } from './types';

function alexnet() {
  const g = new DesignBuilder();
  // torchvision's Conv2d(3, 64, 11, stride=4, padding=2): explicit padding, then a 'valid' conv (224 + 4 → 55).
  let x = zeroPad(g, g.input(IMAGE_224), 'features_pad', 2);
  x = conv(g, x, 'conv1', { filters: 64, kernel: 11, strides: 4, bias: true, activation: 'relu' });
  x = maxPool(g, x, 'pool1', 3, 2);
  x = conv(g, x, 'conv2', { filters: 192, kernel: 5, padding: 'same', bias: true, activation: 'relu' });
  x = maxPool(g, x, 'pool2', 3, 2);
  [384, 256, 256].forEach((filters, i) => {
    x = conv(g, x, `conv${i + 3}`, { filters, kernel: 3, padding: 'same', bias: true, activation: 'relu' });
  });
  g.chain(
    maxPool(g, x, 'pool5', 3, 2),
    ['Flatten', {}, 'flatten'],
    ['Dropout', { rate: 0.5 }, 'dropout1'],
    ['Dense', { units: 4096, activation: 'relu' }, 'fc6'],
    ['Dropout', { rate: 0.5 }, 'dropout2'],
    ['Dense', { units: 4096, activation: 'relu' }, 'fc7'],
    ['Dense', { units: 1000 }, 'fc8'],
  );
  return g.design();
}

export const alexnetTemplate = defineTemplate({
  id: 'alexnet',
  name: 'AlexNet',
  description:
    'torchvision’s AlexNet (the one-GPU variant: 64, 192, 384, 256, 256 filters), 224×224 RGB, 6×6×256 flattened into 4,096, 4,096 and 1,000. ' +
    'Its AdaptiveAvgPool2d(6) is the identity at 224 and is left out.',
  source: 'torchvision.models.alexnet (IMAGENET1K_V1 model card: 61,100,840 params)',
  conventions: ['pytorch'],
  design: alexnet,
});
