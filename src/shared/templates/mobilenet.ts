import { DesignBuilder, type Out } from './builder';
import { activation, batchNorm, conv, convBn, IMAGE_224, imagenetHead, zeroPad } from './blocks';
import { defineTemplate } from './types';

const EPSILON = 1e-3;
// ReLU6: the catalog's ReLU layer has no max_value, so the activation is named (Keras 3 knows 'relu6'); no weights either way.
const RELU6 = 'relu6';

/** (expansion, output channels, repeats, first stride): MobileNetV2's table 2. */
const STAGES: [number, number, number, number][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/** Expand (1×1), depthwise 3×3, project (1×1, linear); a residual Add where the shape is kept. */
function invertedResidual(g: DesignBuilder, x: Out, id: number, channels: number, expansion: number, filters: number, stride: number): Out {
  const prefix = id ? `block_${id}_` : 'expanded_conv_';
  let y = x;
  if (id) {
    const names = { conv: `${prefix}expand`, bn: `${prefix}expand_BN`, act: `${prefix}expand_relu` };
    y = convBn(g, y, names, { filters: expansion * channels, kernel: 1, bias: false, epsilon: EPSILON, act: RELU6 });
  }
  // Keras pads a strided depthwise conv by hand (0 before, 1 after on 112, 56… inputs) and convolves 'valid'.
  if (stride === 2) y = zeroPad(g, y, `${prefix}pad`, [0, 1, 0, 1]);
  const depthwise = { kernel_size: [3, 3], strides: [stride, stride], padding: stride === 1 ? 'same' : 'valid', use_bias: false };
  y = g.add('DepthwiseConv2D', depthwise, y, `${prefix}depthwise`);
  y = activation(g, batchNorm(g, y, `${prefix}depthwise_BN`, EPSILON), `${prefix}depthwise_relu`, RELU6);
  y = batchNorm(g, conv(g, y, `${prefix}project`, { filters, kernel: 1, bias: false }), `${prefix}project_BN`, EPSILON);
  return channels === filters && stride === 1 ? g.add('Add', {}, [x, y], `${prefix}add`) : y;
}

function mobilenetV2() {
  const g = new DesignBuilder();
  let x = convBn(g, g.input(IMAGE_224), { conv: 'Conv1', bn: 'bn_Conv1', act: 'Conv1_relu' }, {
    filters: 32, kernel: 3, strides: 2, padding: 'same', bias: false, epsilon: EPSILON, act: RELU6,
  });
  let channels = 32;
  let id = 0;
  for (const [expansion, filters, repeats, stride] of STAGES)
    for (let r = 0; r < repeats; r++, id++) {
      x = invertedResidual(g, x, id, channels, expansion, filters, r === 0 ? stride : 1);
      channels = filters;
    }
  x = convBn(g, x, { conv: 'Conv_1', bn: 'Conv_1_bn', act: 'out_relu' }, { filters: 1280, kernel: 1, bias: false, epsilon: EPSILON, act: RELU6 });
  imagenetHead(g, x, 'global_average_pooling2d');
  return g.design();
}

export const mobilenetV2Template = defineTemplate({
  id: 'mobilenet_v2',
  name: 'MobileNetV2',
  description:
    'Inverted residual blocks (1×1 expand, 3×3 depthwise, linear 1×1 project) with width multiplier 1.0, 224×224 RGB, 1,000 classes; ' +
    'convs without biases, BatchNorm after each. One design: PyTorch counts 3,504,872 (torchvision), Keras the same plus 34,112 ' +
    'non-trainable BatchNorm statistics: 3,538,984. torchvision’s Dropout(0.2) before the classifier has no weights and is left out.',
  source: 'torchvision.models.mobilenet_v2 (IMAGENET1K_V1 model card: 3,504,872 params); keras.applications.MobileNetV2 model.summary()',
  conventions: ['pytorch', 'keras'],
  design: mobilenetV2,
});
