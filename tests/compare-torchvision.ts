// torchvision's ResNet-18 and ResNet-50 worked out by hand from the architecture (He et al. 2015, as
// torchvision's resnet.py builds it: v1.5, the stride in the 3×3 conv), independently of our templates:
// every convolution's shape and output size, so the compare tests know the conv sums, BatchNorm widths
// and MACs without reading any of our output. Checked against the published totals below.

/** A k×k convolution from cin to cout channels whose output is hw × hw. */
export interface Conv {
  k: number;
  cin: number;
  cout: number;
  hw: number;
}

export interface Resnet {
  convs: Conv[];
  /** Channels into the classifier (fc: features × 1000 + 1000). */
  features: number;
}

function torchvisionResnet(kind: 'basic' | 'bottleneck', depths: number[]): Resnet {
  const expansion = kind === 'basic' ? 1 : 4;
  const convs: Conv[] = [{ k: 7, cin: 3, cout: 64, hw: 112 }]; // conv1, stride 2; then the 3×3 max pool to 56
  let [channels, hw] = [64, 56];
  depths.forEach((blocks, stage) => {
    const width = 64 << stage;
    for (let b = 0; b < blocks; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const out = hw / stride;
      if (kind === 'basic') convs.push({ k: 3, cin: channels, cout: width, hw: out }, { k: 3, cin: width, cout: width, hw: out });
      else convs.push({ k: 1, cin: channels, cout: width, hw }, { k: 3, cin: width, cout: width, hw: out }, { k: 1, cin: width, cout: width * expansion, hw: out });
      // The downsample: a strided 1×1 conv where the shape changes.
      if (stride !== 1 || channels !== width * expansion) convs.push({ k: 1, cin: channels, cout: width * expansion, hw: out });
      [channels, hw] = [width * expansion, out];
    }
  });
  return { convs, features: channels };
}

export const RESNET18 = torchvisionResnet('basic', [2, 2, 2, 2]);
export const RESNET50 = torchvisionResnet('bottleneck', [3, 4, 6, 3]);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Σ k²·Cin·Cout: the conv weights (torchvision's convs have no bias). */
export const convWeights = (net: Resnet) => sum(net.convs.map((c) => c.k * c.k * c.cin * c.cout));
/** BatchNorm after every conv: its channels, 2 params each (weight, bias) in PyTorch, + 2 statistics in Keras. */
export const bnChannels = (net: Resnet) => sum(net.convs.map((c) => c.cout));
export const fcParams = (net: Resnet) => net.features * 1000 + 1000;
/** docs/cost.md: conv k²·Cin·Cout·H'·W' + linear in·out, nothing else. */
export const macs = (net: Resnet) => sum(net.convs.map((c) => c.k * c.k * c.cin * c.cout * c.hw * c.hw)) + net.features * 1000;
export const torchTotal = (net: Resnet) => convWeights(net) + 2 * bnChannels(net) + fcParams(net);

/** Published totals: torchvision's model cards (IMAGENET1K_V1) and Keras applications' ResNet50 summary. */
export const PUBLISHED = { resnet18: 11_689_512, resnet50: 25_557_032, kerasResnet50: 25_636_712 } as const;
/** Published GMACs (torchvision's table, its "GFLOPS" column, which holds MACs; see docs/cost.md). */
export const PUBLISHED_GMACS = { resnet18: 1.81, resnet50: 4.09 } as const;
