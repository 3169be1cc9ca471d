// torchvision's vit_b_16 (Dosovitskiy et al., 2021): 16×16 patches projected by a strided convolution, a
// learned class token prepended and a learned position embedding added, twelve pre-norm encoder layers
// (one block ×12), a final LayerNorm, and the classifier on the class token.
import { DesignBuilder, type Out } from './builder';
import { IMAGE_224 } from './blocks';
import { firstToken } from './transformers';
import { defineTemplate } from './types';

const B16 = { patch: 16, width: 768, heads: 12, mlp: 3072, layers: 12, epsilon: 1e-6, classes: 1000 };
const PATCHES = (224 / B16.patch) ** 2;

/** torchvision's EncoderBlock: x + attention(ln_1(x)), then + mlp(ln_2(·)). */
function encoderBlock(b: DesignBuilder, x: Out): Out {
  const norm = (input: Out, name: string) => b.add('LayerNormalization', { epsilon: B16.epsilon }, input, name);
  const attention = b.add('MultiheadAttention', { embed_dim: B16.width, num_heads: B16.heads }, norm(x, 'ln_1'), 'self_attention');
  const attended = b.add('Add', {}, [x, attention], 'attention_add');
  const mlp = b.add('MLP', { intermediate_size: B16.mlp }, norm(attended, 'ln_2'), 'mlp');
  return b.add('Add', {}, [attended, mlp], 'mlp_add');
}

export const vitB16 = defineTemplate({
  id: 'vit_b_16',
  name: 'ViT-B/16',
  description:
    'Vision Transformer Base, 16×16 patches (torchvision vit_b_16): the 196 patches of a 224×224 image projected to 768 by a strided ' +
    'convolution, a learned class token and position embedding, twelve pre-norm blocks of 12-head self-attention and a 3,072-unit ' +
    'GELU MLP, and a 1,000-class head on the class token.',
  source: 'torchvision.models.vit_b_16: 86,567,656',
  conventions: ['pytorch'],
  design: () => {
    const g = new DesignBuilder();
    const block = g.defineBlock('encoder_layer', {}, [[PATCHES + 1, B16.width]], (b, [x]) => encoderBlock(b, x));
    const projected = g.chain(
      g.input(IMAGE_224, 'image'),
      ['Conv2D', { filters: B16.width, kernel_size: [B16.patch, B16.patch], strides: [B16.patch, B16.patch] }, 'conv_proj'],
      ['Reshape', { target_shape: [PATCHES, B16.width] }, 'patches'],
    );
    // torchvision: torch.cat([class_token.expand(n, -1, -1), x], dim=1), then x + encoder.pos_embedding.
    const classToken = g.add('Parameter', { shape: [1, B16.width] }, [], 'class_token');
    const tokens = g.add('Concatenate', { axis: 1 }, [classToken, projected], 'with_class_token');
    const positions = g.add('Parameter', { shape: [PATCHES + 1, B16.width] }, [], 'pos_embedding');
    const patches = g.add('Add', {}, [tokens, positions], 'with_positions');
    const encoded = g.instance(block, {}, patches, 'encoder', B16.layers);
    const normed = g.add('LayerNormalization', { epsilon: B16.epsilon }, encoded, 'ln');
    g.add('Dense', { units: B16.classes }, firstToken(g, normed, PATCHES + 1, B16.width, 'cls'), 'heads');
    return g.design();
  },
});
