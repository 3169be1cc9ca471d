// Opening a Hugging Face config.json: the models' public configs (tests/fixtures/hf, README there) count to
// their published totals, each model type's defaults are transformers' own (a config of only its model_type
// is the model those defaults describe), and what cannot be built is said, by name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateDesign, listProblems } from '../src/shared/evaluate';
import { readModelFile } from '../src/shared/keras/file';

const PYTORCH = { convention: 'pytorch' } as const;
const open = (json: unknown) => readModelFile(new TextEncoder().encode(JSON.stringify(json)));
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/hf/${name}.json`, import.meta.url), 'utf8'));

function count(json: unknown) {
  const read = open(json);
  expect(read.problems).toEqual([]);
  const evaluation = evaluateDesign(read.design, PYTORCH);
  expect(listProblems(evaluation)).toEqual([]);
  return { ...evaluation.totals, warnings: read.warnings, design: read.design };
}

// [fixture, published total, published active]: the figures the models' publishers and transformers print.
const PUBLISHED: [string, number, number?][] = [
  ['llama-2-7b', 6_738_415_616],
  ['meta-llama-3-8b', 8_030_261_248],
  ['mistral-7b-v0.1', 7_241_732_096],
  ['mixtral-8x7b-v0.1', 46_702_792_704, 12_879_925_248],
  ['gpt2', 124_439_808], // GPT2LMHeadModel, its head tied to the token embedding
  ['bert-base-uncased', 109_482_240], // BertModel (AutoModel), pooler included
];

describe('Hugging Face config.json', () => {
  it.each(PUBLISHED)('%s counts %i', (name, total, active = total) => {
    const counted = count(fixture(name));
    expect([counted.params, counted.active]).toEqual([BigInt(total), BigInt(active)]);
    // Every key of a real config is read or known to change no count.
    expect(counted.warnings).toEqual([]);
  });

  it('builds GPT-2 with its head tied to the token embedding, as GPT2LMHeadModel does', () => {
    const tied = count(fixture('gpt2')).design.nodes.filter((n) => n.tiedTo);
    expect(tied.map((n) => n.tiedTo)).toEqual(['token_embedding']);
  });

  it('reads Qwen2 (q, k, v biases, no output bias, tied head) and Gemma (head_dim 256 on 16 heads, tied)', () => {
    // Qwen/Qwen2.5-0.5B's config.json, its count-changing fields: 494,032,768 (Qwen2ForCausalLM.num_parameters()).
    const qwen = { model_type: 'qwen2', hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, vocab_size: 151936, tie_word_embeddings: true, max_position_embeddings: 32768 };
    expect(count(qwen).params).toBe(494_032_768n);
    // GemmaConfig's defaults are Gemma 7B's: 8,537,680,896 (google/gemma-7b).
    expect(count({ model_type: 'gemma' }).params).toBe(8_537_680_896n);
  });

  it('uses each model type’s own defaults for what a config leaves out', () => {
    // transformers' LlamaConfig, MistralConfig, MixtralConfig, GPT2Config and BertConfig default to the 7B, 7B, 8x7B, small and base models.
    expect(count({ model_type: 'llama' }).params).toBe(6_738_415_616n);
    expect(count({ model_type: 'mistral' }).params).toBe(7_241_732_096n);
    expect(count({ model_type: 'mixtral' })).toMatchObject({ params: 46_702_792_704n, active: 12_879_925_248n });
    expect(count({ model_type: 'gpt2' }).params).toBe(124_439_808n);
    expect(count({ model_type: 'bert' }).params).toBe(109_482_240n);
  });

  it('says which model type it does not build, and which it does', () => {
    const read = open({ model_type: 't5', d_model: 512 });
    expect(read.problems.map((p) => p.message)).toEqual([expect.stringMatching(/model_type 't5' is not one Paramsketch builds \(it builds bert, gemma, gpt2, llama, mistral, mixtral, qwen2\)/)]);
  });

  it('names a field that changes the count and is not built, and a value it cannot read', () => {
    const messages = (json: unknown) => open(json).problems.map((p) => p.message);
    expect(messages({ ...fixture('llama-2-7b'), qk_layernorm: true })).toEqual([expect.stringContaining('qk_layernorm = true changes the count')]);
    expect(messages({ ...fixture('bert-base-uncased'), position_embedding_type: 'relative_key' })).toEqual([expect.stringContaining('position_embedding_type = "relative_key"')]);
    expect(messages({ ...fixture('mistral-7b-v0.1'), num_key_value_heads: 'eight' })).toEqual([expect.stringContaining('num_key_value_heads must be a positive integer, got "eight"')]);
    // Unset, such a field changes nothing.
    expect(messages({ ...fixture('llama-2-7b'), qk_layernorm: false })).toEqual([]);
  });

  it('names, as a warning, a key it does not know', () => {
    expect(open({ ...fixture('gpt2'), brand_new_setting: 3 }).warnings).toEqual([expect.stringContaining('brand_new_setting')]);
  });

  it('leaves a Keras model (a class_name) to the Keras importer', () => {
    const read = open({ class_name: 'Sequential', model_type: 'llama', config: { layers: [] } });
    expect(read.problems.every((p) => !p.message.includes('model_type'))).toBe(true);
  });
});
