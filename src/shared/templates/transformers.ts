// BERT-base and GPT-2 small: token, position (and segment) embeddings summed, then twelve attention blocks.
import { DesignBuilder, type Out } from './builder';
import { defineTemplate } from './types';

export interface Encoder {
  vocab: number;
  positions: number;
  /** BERT's token types (segments A and B); GPT-2 has none. */
  segments?: number;
  width: number;
  heads: number;
  feedForward: number;
  layers: number;
  epsilon: number;
  /** GPT-2 normalises before each sub-block (and once more at the end); BERT after each residual. */
  preNorm: boolean;
}

const BERT_BASE: Encoder = { vocab: 30522, positions: 512, segments: 2, width: 768, heads: 12, feedForward: 3072, layers: 12, epsilon: 1e-12, preNorm: false };
const GPT2_SMALL: Encoder = { vocab: 50257, positions: 1024, width: 768, heads: 12, feedForward: 3072, layers: 12, epsilon: 1e-5, preNorm: true };

const layerNorm = (g: DesignBuilder, x: Out, name: string, e: Encoder) => g.add('LayerNormalization', { epsilon: e.epsilon }, x, name);

/**
 * Each id input (tokens, positions, segments) looks up its own table; the vectors are summed. The sequence
 * is as long as the position table, so the shapes show the model's full context.
 */
function embeddings(g: DesignBuilder, e: Encoder): Out {
  const tables: [string, number][] = [['token', e.vocab], ['position', e.positions]];
  if (e.segments) tables.push(['segment', e.segments]);
  const looked = tables.map(([what, size]) =>
    g.add('Embedding', { input_dim: size, output_dim: e.width }, g.input([e.positions], `${what}_ids`), `${what}_embedding`),
  );
  return g.add('Add', {}, looked, 'embeddings');
}

/**
 * One encoder layer, as a block: self-attention (query and value the same tensor) and a GELU feed-forward
 * net, each around a residual Add. The templates stack it twelve times: one instance, repeated.
 */
function encoderLayer(b: DesignBuilder, x: Out, e: Encoder): Out {
  const sublayer = (input: Out, part: string, body: (normed: Out) => Out): Out => {
    if (!e.preNorm) return layerNorm(b, b.add('Add', {}, [input, body(input)], `${part}_add`), `${part}_norm`, e);
    return b.add('Add', {}, [input, body(layerNorm(b, input, `${part}_norm`, e))], `${part}_add`);
  };
  const attention = { num_heads: e.heads, key_dim: e.width / e.heads };
  const attended = sublayer(x, 'attention', (h) => b.add('MultiHeadAttention', attention, [h, h], 'attention'));
  return sublayer(attended, 'ffn', (h) => b.chain(h, ['Dense', { units: e.feedForward, activation: 'gelu' }, 'ffn_in'], ['Dense', { units: e.width }, 'ffn_out']));
}

function encoder(e: Encoder, end: (g: DesignBuilder, x: Out) => void) {
  const g = new DesignBuilder();
  const layer = g.defineBlock('encoder_layer', {}, [[e.positions, e.width]], (b, [x]) => encoderLayer(b, x, e));
  let x = embeddings(g, e);
  if (!e.preNorm) x = layerNorm(g, x, 'embeddings_norm', e);
  x = g.add('Dropout', { rate: 0.1 }, x, 'embeddings_dropout');
  x = g.instance(layer, {}, x, 'encoder', e.layers);
  end(g, x);
  return g.design();
}

/**
 * The first position of a sequence (BERT's [CLS], ViT's class token) as a vector. The catalog has no slicing
 * layer, so the slice x[:, 0] is written with what it has: the sequence as a one-channel image, cropped to
 * its first row, flattened back.
 */
export function firstToken(g: DesignBuilder, x: Out, positions: number, width: number, prefix: string): Out {
  return g.chain(
    x,
    ['Reshape', { target_shape: [positions, width, 1] }, `${prefix}_as_image`],
    ['Cropping2D', { cropping: [0, positions - 1, 0, 0] }, `${prefix}_token`],
    ['Reshape', { target_shape: [width] }, `${prefix}_vector`],
  );
}

/** BertModel as AutoModel builds it: the encoder, and its pooler (a tanh Dense on the [CLS] position). */
export const bertModel = (e: Encoder) =>
  encoder(e, (g, x) => void g.add('Dense', { units: e.width, activation: 'tanh' }, firstToken(g, x, e.positions, e.width, 'cls'), 'pooler'));

/** GPT2LMHeadModel: the decoder, a final LayerNorm and the language-model head, tied to the token embedding. */
export const gpt2LMHead = (e: Encoder) =>
  encoder(e, (g, x) => {
    g.add('Dense', { units: e.vocab, use_bias: false }, layerNorm(g, x, 'final_norm', e), 'lm_head');
    g.tie('lm_head', 'token_embedding');
  });

export const bertBase = defineTemplate({
  id: 'bert-base',
  name: 'BERT-base (uncased)',
  description:
    'bert-base-uncased’s encoder with its pooler: word, position and token-type embeddings (three id inputs, summed), twelve post-norm ' +
    'blocks of 12-head self-attention and a 3,072-unit GELU feed-forward net, and a tanh Dense on the [CLS] vector (sliced by a ' +
    'Reshape–Cropping2D–Reshape, for want of a slicing layer). No pre-training heads. Sequences of 512 tokens.',
  source: 'Hugging Face BertModel.from_pretrained("bert-base-uncased").num_parameters(): 109,482,240',
  conventions: ['pytorch'],
  design: () => bertModel(BERT_BASE),
});

export const gpt2Small = defineTemplate({
  id: 'gpt2',
  name: 'GPT-2 small',
  description:
    'GPT-2 (124M): token and position embeddings summed, twelve pre-norm blocks of 12-head (causal) self-attention and a 3,072-unit ' +
    'GELU feed-forward net, a final LayerNorm and the language-model head, tied to the token embedding (the same matrix, ' +
    'transposed): its weights are counted once, in the embedding, while its MACs count. Sequences of 1,024 tokens.',
  source: 'Hugging Face GPT2LMHeadModel.from_pretrained("gpt2").num_parameters(): 124,439,808 (tied head counted once)',
  conventions: ['pytorch'],
  design: () => gpt2LMHead(GPT2_SMALL),
});
