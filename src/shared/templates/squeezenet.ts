import { DesignBuilder, param, type Out } from './builder';
import { conv, IMAGE_224, maxPool } from './blocks';
import { defineTemplate } from './types';

/** A 1×1 squeeze, then 1×1 and 3×3 expands side by side, concatenated on channels: parameters squeeze and expand. */
function fire(b: DesignBuilder, x: Out): Out {
  const s = conv(b, x, 'squeeze', { filters: param('squeeze'), kernel: 1, bias: true, activation: 'relu' });
  const e1 = conv(b, s, 'expand1x1', { filters: param('expand'), kernel: 1, bias: true, activation: 'relu' });
  const e3 = conv(b, s, 'expand3x3', { filters: param('expand'), kernel: 3, padding: 'same', bias: true, activation: 'relu' });
  return b.add('Concatenate', {}, [e1, e3], 'concat');
}

/** (squeeze, expand) per Fire module of SqueezeNet 1.0, with the max pools between them. */
const LAYOUT: ([number, number] | 'pool')[] = [
  [16, 64], [16, 64], [32, 128], 'pool', [32, 128], [48, 192], [48, 192], [64, 256], 'pool', [64, 256],
];

function squeezenet() {
  const g = new DesignBuilder();
  const module = g.defineBlock('fire', { squeeze: 16, expand: 64 }, [[54, 54, 96]], (b, [x]) => fire(b, x));
  let x = conv(g, g.input(IMAGE_224), 'conv1', { filters: 96, kernel: 7, strides: 2, bias: true, activation: 'relu' });
  // torchvision pools with ceil_mode=True: 109 → 54 → 27 → 13. Keras's 'valid' gives that at 109 and 27,
  // its 'same' at 54 ('valid' would give 26).
  x = maxPool(g, x, 'pool1', 3, 2);
  const poolPadding = ['same', 'valid'] as const;
  let fires = 0;
  let pools = 0;
  for (const step of LAYOUT) {
    if (step === 'pool') x = maxPool(g, x, `pool${pools + 2}`, 3, 2, poolPadding[pools++]);
    else x = g.instance(module, { squeeze: step[0], expand: step[1] }, x, `fire${++fires + 1}`);
  }
  g.chain(
    x,
    ['Dropout', { rate: 0.5 }, 'dropout'],
    ['Conv2D', { filters: 1000, kernel_size: [1, 1], activation: 'relu' }, 'conv10'],
    ['GlobalAveragePooling2D', {}, 'avg_pool'],
  );
  return g.design();
}

export const squeezenetTemplate = defineTemplate({
  id: 'squeezenet1_0',
  name: 'SqueezeNet 1.0',
  description:
    'A 7×7 conv, eight Fire modules (1×1 squeeze, 1×1 and 3×3 expands concatenated) and a 1×1 conv to 1,000 classes averaged over ' +
    'the image: no dense layer at all. 224×224 RGB; the pools reproduce torchvision’s ceil_mode sizes.',
  source: 'torchvision.models.squeezenet1_0 (IMAGENET1K_V1 model card: 1,248,424 params)',
  conventions: ['pytorch'],
  design: squeezenet,
});
