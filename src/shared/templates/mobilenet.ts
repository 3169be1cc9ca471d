import { DesignBuilder, param, type Out } from './builder';
import { activation, batchNorm, conv, convBn, IMAGE_224, imagenetHead, zeroPad } from './blocks';
import { defineTemplate } from './types';

const EPSILON = 1e-3;
// ReLU6: the catalog's ReLU layer has no max_value, so the activation is named (Keras 3 knows 'relu6'); no weights either way.
const RELU6 = 'relu6';

/** (expansion, output channels, repeats, first stride): MobileNetV2's table 2. */
const STAGES: [number, number, number, number][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/** How one kind of inverted residual block is built. */
interface Kind {
  /** The first block works on the stem's 32 channels as they are: no 1×1 expansion. */
  expand: boolean;
  stride: 1 | 2;
  /** A residual Add where the shape is kept. */
  residual: boolean;
}

const KINDS: Record<string, Kind> = {
  expanded_conv: { expand: false, stride: 1, residual: false },
  inverted_residual: { expand: true, stride: 1, residual: true },
  inverted_residual_down: { expand: true, stride: 2, residual: false },
  inverted_residual_widen: { expand: true, stride: 1, residual: false },
};

/** Expand (1×1, parameter expanded), depthwise 3×3, project (1×1 to parameter filters, linear). */
function invertedResidual(b: DesignBuilder, x: Out, kind: Kind): Out {
  let y = x;
  if (kind.expand) {
    const names = { conv: 'expand', bn: 'expand_BN', act: 'expand_relu' };
    y = convBn(b, y, names, { filters: param('expanded'), kernel: 1, bias: false, epsilon: EPSILON, act: RELU6 });
  }
  // Keras pads a strided depthwise conv by hand (0 before, 1 after on 112, 56… inputs) and convolves 'valid'.
  if (kind.stride === 2) y = zeroPad(b, y, 'pad', [0, 1, 0, 1]);
  const depthwise = { kernel_size: [3, 3], strides: [kind.stride, kind.stride], padding: kind.stride === 1 ? 'same' : 'valid', use_bias: false };
  y = b.add('DepthwiseConv2D', depthwise, y, 'depthwise');
  y = activation(b, batchNorm(b, y, 'depthwise_BN', EPSILON), 'depthwise_relu', RELU6);
  y = batchNorm(b, conv(b, y, 'project', { filters: param('filters'), kernel: 1, bias: false }), 'project_BN', EPSILON);
  return kind.residual ? b.add('Add', {}, [x, y], 'add') : y;
}

/** One block per Keras block (expanded_conv, block_1 … block_16), of four kinds: its layers keep Keras's names when expanded. */
function mobilenetV2() {
  const g = new DesignBuilder();
  for (const [id, kind] of Object.entries(KINDS)) {
    const size = kind.stride === 2 ? 112 : 56;
    g.defineBlock(id, kind.expand ? { expanded: 96, filters: 24 } : { filters: 16 }, [[size, size, 32]], (b, [x]) => invertedResidual(b, x, kind));
  }
  let x = convBn(g, g.input(IMAGE_224), { conv: 'Conv1', bn: 'bn_Conv1', act: 'Conv1_relu' }, {
    filters: 32, kernel: 3, strides: 2, padding: 'same', bias: false, epsilon: EPSILON, act: RELU6,
  });
  let channels = 32;
  let id = 0;
  for (const [expansion, filters, repeats, firstStride] of STAGES)
    for (let r = 0; r < repeats; r++, id++) {
      const stride = r === 0 ? firstStride : 1;
      const kind = id === 0 ? 'expanded_conv' : stride === 2 ? 'inverted_residual_down' : channels === filters ? 'inverted_residual' : 'inverted_residual_widen';
      const values: Record<string, number> = id === 0 ? { filters } : { expanded: expansion * channels, filters };
      x = g.instance(kind, values, x, id ? `block_${id}` : 'expanded_conv');
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
