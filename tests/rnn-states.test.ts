// RNN states beyond what the tfjs fixtures (139–142) show: PyTorch's count for the same layers, and
// wiring mistakes, which must be problems with a path rather than crashes.
import { describe, expect, it } from 'vitest';
import type { Design, LayerNode } from '../src/shared/design';
import { listProblems, nodeResult } from '../src/shared/evaluate';
import { evaluate } from './helpers';

const input = (id: string, shape: number[]): LayerNode => ({ id, type: 'Input', fields: { shape } });

/** An encoder RNN with return_state whose states start a decoder RNN: the seq2seq wiring. */
function seq2seq(type: string, units: number, decoderUnits = units, states = type === 'LSTM' ? 2 : 1): Design {
  return {
    nodes: [
      input('source', [10, 8]),
      input('target', [12, 6]),
      { id: 'encoder', type, fields: { units, return_state: true } },
      { id: 'decoder', type, fields: { units: decoderUnits, return_sequences: true } },
    ],
    edges: [
      { from: 'source', to: 'encoder' },
      { from: 'target', to: 'decoder' },
      ...Array.from({ length: states }, (_, k) => ({ from: 'encoder', fromPort: k + 1, to: 'decoder' })),
    ],
  };
}

describe('RNN states', () => {
  it('an LSTM with return_state outputs (output, h, c); PyTorch counts its two biases all the same', () => {
    const keras = evaluate(seq2seq('LSTM', 16));
    expect(listProblems(keras)).toEqual([]);
    expect(nodeResult(keras, 'encoder')!.outputs!.map((t) => t.dims)).toEqual([[16], [16], [16]]);
    // 4·[16(16+8) + 16] and 4·[16(16+6) + 16]: the states hold no weights.
    expect(keras.totals.params).toBe(BigInt(4 * (16 * 24 + 16) + 4 * (16 * 22 + 16)));
    const pytorch = evaluate(seq2seq('LSTM', 16), 'pytorch');
    expect(pytorch.totals.params).toBe(BigInt(4 * (16 * 24 + 2 * 16) + 4 * (16 * 22 + 2 * 16)));
  });

  it('a decoder with other units than the state it starts from is a problem at its inputs, with the fix', () => {
    const evaluation = evaluate(seq2seq('GRU', 8, 5));
    const [problem] = listProblems(evaluation);
    expect(problem.path).toEqual(['decoder', 'inputs']);
    expect(problem.message).toBe('GRU: initial state 1 of 1 must be (None, 5), got (None, 8)');
    expect(problem.hint).toMatch(/5 units/);
    expect(nodeResult(evaluation, 'encoder')!.params).toBe(BigInt(3 * (8 * (8 + 8) + 2 * 8)));
  });

  it('an LSTM given only h (not c) says it needs both', () => {
    const design = seq2seq('LSTM', 4, 4, 1);
    const [problem] = listProblems(evaluate(design));
    expect(problem.path).toEqual(['decoder', 'inputs']);
    expect(problem.message).toBe('LSTM takes its sequence and then both states (h, c) as initial state, got 1');
  });

  it('a Bidirectional LSTM with return_state outputs the merged output, then forward h, c and backward h, c', () => {
    const design: Design = {
      nodes: [input('x', [6, 3]), { id: 'bi', type: 'Bidirectional', fields: { layer: { type: 'LSTM', fields: { units: 4, return_state: true } } } }],
      edges: [{ from: 'x', to: 'bi' }],
    };
    const result = nodeResult(evaluate(design), 'bi')!;
    expect(result.outputs!.map((t) => t.dims)).toEqual([[8], [4], [4], [4], [4]]);
    expect(result.params).toBe(BigInt(2 * 4 * (4 * (4 + 3) + 4)));
  });

  it('a Bidirectional given an odd number of initial states says both directions need theirs', () => {
    const design: Design = {
      nodes: [input('x', [6, 3]), input('h', [4]), { id: 'bi', type: 'Bidirectional', fields: { layer: { type: 'GRU', fields: { units: 4 } } } }],
      edges: [
        { from: 'x', to: 'bi' },
        { from: 'h', to: 'bi' },
      ],
    };
    const [problem] = listProblems(evaluate(design));
    expect(problem.path).toEqual(['bi', 'inputs']);
    expect(problem.message).toBe('Bidirectional takes initial states for both directions alike, got 1');
  });
});
