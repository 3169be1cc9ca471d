// Inference memory: the KV cache and the weights at a precision. Every figure is derived here from the models'
// own config.json (tests/fixtures/hf, README there), by the textbook formula
// 2 (K and V) × layers × kv_heads × head_dim × bytes per value, never read back from the app.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../src/shared/design';
import { evaluateDesign } from '../src/shared/evaluate';
import { fitsOnGpu, inferenceMemory, kvValuesPerToken } from '../src/shared/inference-memory';
import { readModelFile } from '../src/shared/keras/file';

const PYTORCH = { convention: 'pytorch' } as const;
const config = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/hf/${name}.json`, import.meta.url), 'utf8'));
const evaluated = (name: string) => evaluateDesign(readModelFile(new TextEncoder().encode(JSON.stringify(config(name)))).design, PYTORCH);
const MiB = 2n ** 20n;

describe('the KV cache', () => {
  it('of Llama-2-7B at fp16 is 0.5 MiB a token: 2 × 32 layers × 32 heads × 128 × 2 bytes', () => {
    // llama-2-7b.json: num_hidden_layers 32, num_key_value_heads 32, head_dim = hidden_size 4096 / 32 heads = 128.
    const memory = inferenceMemory(evaluated('llama-2-7b'), { contextLength: 4096, batchSize: 1, precision: 'fp16' });
    expect(memory.kvCachePerToken).toBe(524_288n);
    expect(memory.kvCachePerToken).toBe(MiB / 2n);
    // Its full context (max_position_embeddings 4096): 2 GiB per sequence.
    expect(memory.kvCache).toBe(2n * 2n ** 30n);
  });

  it('of Llama-3-8B, with grouped-query attention, is a quarter of that: 8 KV heads', () => {
    // meta-llama-3-8b.json: 32 layers, num_key_value_heads 8, head_dim 4096 / 32 = 128: 2 × 32 × 8 × 128 × 2.
    const memory = inferenceMemory(evaluated('meta-llama-3-8b'), { contextLength: 8192, batchSize: 4, precision: 'bf16' });
    expect(memory.kvCachePerToken).toBe(131_072n);
    expect(memory.kvCache).toBe(131_072n * 8192n * 4n);
    // Its weights: the published 8,030,261,248 parameters at 2 bytes each.
    expect(memory.weights).toBe(8_030_261_248n * 2n);
    expect(memory.total).toBe(memory.weights + memory.kvCache);
  });

  it('of Mixtral-8x7B counts its 8 KV heads per layer, not its experts', () => {
    // mixtral-8x7b-v0.1.json: 32 layers, num_key_value_heads 8, head_dim 4096 / 32 = 128.
    expect(kvValuesPerToken(evaluated('mixtral-8x7b-v0.1'))).toBe(2n * 32n * 8n * 128n);
  });

  it('scales with the precision: fp32 twice fp16, int8 half, int4 a quarter (two values a byte)', () => {
    const llama = evaluated('llama-2-7b');
    const at = (precision: 'fp32' | 'fp16' | 'int8' | 'int4') => inferenceMemory(llama, { contextLength: 1, batchSize: 1, precision });
    expect([at('fp32'), at('int8'), at('int4')].map((m) => m.kvCachePerToken)).toEqual([1_048_576n, 262_144n, 131_072n]);
    // Llama 2 7B's 6,738,415,616 parameters (its publisher's figure) at half a byte.
    expect(at('int4').weights).toBe(6_738_415_616n / 2n);
  });

  it('is nothing for a design without attention, and counts an attention layer of each convention', () => {
    const design = (nodes: Design['nodes']): Design => ({ nodes, edges: nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id })) });
    const mlp = design([{ id: 'in', type: 'Input', fields: { shape: [8, 16] } }, { id: 'd', type: 'Dense', fields: { units: 4 } }]);
    expect(kvValuesPerToken(evaluateDesign(mlp, PYTORCH))).toBe(0n);
    // nn.MultiheadAttention(64, 4): keys and values projected to embed_dim 64 each.
    const torch = design([{ id: 'in', type: 'Input', fields: { shape: [8, 64] } }, { id: 'a', type: 'MultiheadAttention', fields: { embed_dim: 64, num_heads: 4 } }]);
    expect(kvValuesPerToken(evaluateDesign(torch, PYTORCH))).toBe(128n);
    // Keras MultiHeadAttention(num_heads=2, key_dim=16, value_dim=8): 2 × (16 + 8).
    const keras: Design = {
      nodes: [
        { id: 'in', type: 'Input', fields: { shape: [8, 32] } },
        { id: 'a', type: 'MultiHeadAttention', fields: { num_heads: 2, key_dim: 16, value_dim: 8 } },
      ],
      edges: [{ from: 'in', to: 'a' }, { from: 'in', to: 'a' }],
    };
    expect(kvValuesPerToken(evaluateDesign(keras, { convention: 'keras' }))).toBe(48n);
  });
});

describe('whether it fits', () => {
  it('compares with the GPU’s size in GiB, and has no answer for a size that is not one', () => {
    expect(fitsOnGpu(16n * 2n ** 30n, 16)).toBe(true);
    expect(fitsOnGpu(16n * 2n ** 30n + 1n, 16)).toBe(false);
    expect(fitsOnGpu(1n, 0)).toBeUndefined();
    expect(fitsOnGpu(1n, Number.NaN)).toBeUndefined();
  });

  it('refuses a context or batch that is not a positive integer, saying which', () => {
    const llama = evaluated('llama-2-7b');
    expect(() => inferenceMemory(llama, { contextLength: 0, batchSize: 1, precision: 'fp16' })).toThrow(/contextLength/);
    expect(() => inferenceMemory(llama, { contextLength: 1, batchSize: 1.5, precision: 'fp16' })).toThrow(/batchSize/);
  });
});
