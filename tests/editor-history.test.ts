// The editor's undo history, the inspector's field text, compact counts and keyboard shortcuts.
// Expected values follow from each rule by hand (explained in the comments).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { layerSpec, type FieldSpec } from '../src/shared/catalog';
import { compactCount } from '../src/shared/format';
import { bounds, formatValue, parseValue } from '../src/renderer/src/editor/field-text';
import { History } from '../src/renderer/src/editor/history';
import { commandFor } from '../src/renderer/src/editor/shortcuts';

describe('History', () => {
  it('starts with nothing to undo or redo', () => {
    const history = new History('s0');
    expect(history.present).toBe('s0');
    expect([history.undoLabel, history.redoLabel]).toEqual([undefined, undefined]);
    expect(history.undo()).toBeUndefined();
    expect(history.redo()).toBeUndefined();
    expect(history.present).toBe('s0');
  });

  it('undoes and redoes steps in order, labelling them by what they did', () => {
    const history = new History('s0');
    history.push('s1', 'add Dense');
    history.push('s2', 'move');
    expect(history.undoLabel).toBe('move');
    expect(history.undo()).toBe('s1');
    expect([history.present, history.undoLabel, history.redoLabel]).toEqual(['s1', 'add Dense', 'move']);
    expect(history.undo()).toBe('s0');
    expect(history.undoLabel).toBeUndefined();
    expect(history.redo()).toBe('s1');
    expect(history.redo()).toBe('s2');
    expect(history.redoLabel).toBeUndefined();
  });

  it('drops the redo steps when a new step is pushed after an undo', () => {
    const history = new History('s0');
    history.push('s1', 'a');
    history.undo();
    history.push('s2', 'b');
    expect(history.redo()).toBeUndefined();
    expect(history.undo()).toBe('s0');
  });

  it('coalesces consecutive steps with the same key into one undo step, with the latest label', () => {
    const history = new History('s0');
    history.push('1', 'edit units', 'field:d:units');
    history.push('12', 'edit units', 'field:d:units');
    history.push('128', 'edit units again', 'field:d:units');
    expect(history.present).toBe('128');
    expect(history.undoLabel).toBe('edit units again');
    expect(history.undo()).toBe('s0');
  });

  it('keeps steps with different keys, or no key, apart', () => {
    const history = new History('s0');
    history.push('a', 'edit units', 'field:d:units');
    history.push('b', 'edit rate', 'field:d:rate');
    history.push('c', 'move');
    history.push('d', 'move');
    expect([history.undo(), history.undo(), history.undo(), history.undo()]).toEqual(['c', 'b', 'a', 's0']);
  });

  it('does not coalesce into a step reached by undo or redo', () => {
    const history = new History('s0');
    history.push('a', 'edit', 'k');
    history.push('b', 'other');
    history.undo(); // present: 'a', which was pushed with key k
    history.push('a2', 'edit', 'k');
    expect(history.undo()).toBe('a');
    history.redo(); // present: 'a2'
    history.push('a3', 'edit', 'k');
    expect(history.undo()).toBe('a2');
  });

  it('keeps at most `limit` steps to undo, forgetting the oldest', () => {
    const history = new History('s0', 3);
    for (const s of ['s1', 's2', 's3', 's4', 's5']) history.push(s, s);
    // Five pushes, room for three: s0 and s1 are forgotten.
    expect([history.undo(), history.undo(), history.undo()]).toEqual(['s4', 's3', 's2']);
    expect(history.undo()).toBeUndefined();
    expect(history.present).toBe('s2');
  });

  it('reset starts over from the given state with nothing to undo or redo', () => {
    const history = new History('s0');
    history.push('s1', 'a');
    history.push('s2', 'b');
    history.undo();
    history.reset('opened');
    expect(history.present).toBe('opened');
    expect([history.undoLabel, history.redoLabel, history.undo(), history.redo()]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

/** A real field of a catalog layer. */
const field = (type: string, name: string): FieldSpec => {
  const found = layerSpec(type)?.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${type}.${name}`);
  return found;
};

describe('parseValue', () => {
  it('reads an int field, keeping invalid text as typed', () => {
    const units = field('Dense', 'units');
    expect(parseValue(units, '12')).toBe(12);
    expect(parseValue(units, ' 12 ')).toBe(12);
    expect(parseValue(units, '-3')).toBe(-3); // an integer, out of range: the core reports it
    expect(parseValue(units, '1x')).toBe('1x');
    expect(parseValue(units, '1.5')).toBe('1.5');
    expect(parseValue(units, '')).toBe(''); // not nullable: blank is not None
  });

  it('reads blank or None as null for a nullable int field', () => {
    const valueDim = field('MultiHeadAttention', 'value_dim');
    for (const text of ['', '  ', 'None', 'none', 'null', '?']) expect(parseValue(valueDim, text), text).toBeNull();
    expect(parseValue(valueDim, '16')).toBe(16);
  });

  it('reads a float field, keeping non-numbers as typed', () => {
    const rate = field('Dropout', 'rate');
    expect(parseValue(rate, '0.25')).toBe(0.25);
    expect(parseValue(rate, '1e-3')).toBe(0.001);
    expect(parseValue(rate, 'abc')).toBe('abc');
    expect(parseValue(rate, '')).toBe('');
    expect(parseValue(rate, 'Infinity')).toBe('Infinity');
  });

  it('reads an ints field: one number for every axis, or a list split by commas, x, × or spaces', () => {
    const kernel = field('Conv2D', 'kernel_size');
    expect(parseValue(kernel, '3')).toBe(3);
    expect(parseValue(kernel, '3, 5')).toEqual([3, 5]);
    expect(parseValue(kernel, '3x3')).toEqual([3, 3]);
    expect(parseValue(kernel, '3 × 5')).toEqual([3, 5]);
    expect(parseValue(kernel, '3 5')).toEqual([3, 5]);
    expect(parseValue(kernel, '3, a')).toBe('3, a');
    expect(parseValue(kernel, '')).toBe(''); // kernel_size is not nullable
  });

  it('reads blank or None as null for a nullable ints field', () => {
    const strides = field('MaxPooling2D', 'strides');
    expect(parseValue(strides, '')).toBeNull();
    expect(parseValue(strides, 'None')).toBeNull();
    expect(parseValue(strides, '2, 1')).toEqual([2, 1]);
  });

  it('reads a dims field, with None for a variable axis and optional brackets', () => {
    const shape = field('Input', 'shape');
    expect(parseValue(shape, 'None, 3')).toEqual([null, 3]);
    expect(parseValue(shape, '(28, 28, 1)')).toEqual([28, 28, 1]);
    expect(parseValue(shape, '28x28')).toEqual([28, 28]);
    expect(parseValue(shape, '')).toEqual([]);
    expect(parseValue(shape, '3, a')).toBe('3, a');
    expect(parseValue(field('Reshape', 'target_shape'), '-1, 4')).toEqual([-1, 4]);
  });

  it('reads a shape written as a Python list or tuple, 5x3 or 5, 3, and keeps anything else as typed (the core then says why)', () => {
    const shape = field('Input', 'shape');
    expect(parseValue(shape, '[5, 3]')).toEqual([5, 3]);
    expect(parseValue(shape, '(None, 3)')).toEqual([null, 3]);
    expect(parseValue(shape, '(3,)')).toEqual([3]);
    expect(parseValue(shape, '5x3')).toEqual([5, 3]);
    expect(parseValue(shape, '5, 3')).toEqual([5, 3]);
    // An empty item is a typo, not a skipped axis; x is a separator only between sizes; brackets must match.
    for (const typo of ['3,,x', '3,,', '5x', 'x5', '5x,3', '[5, 3', '(5, 3]', '5, 3)', '5 3, 2', '[[5]]'])
      expect(parseValue(shape, typo), typo).toBe(typo);
    expect(parseValue(field('Conv2D', 'kernel_size'), '3,,5')).toBe('3,,5');
  });

  it('keeps enum, text and other fields as the text itself', () => {
    expect(parseValue(field('Conv2D', 'padding'), 'same')).toBe('same');
    expect(parseValue(field('Dense', 'activation'), ' relu')).toBe(' relu');
  });
});

describe('formatValue', () => {
  it('shows the default when the node stores no value', () => {
    // Conv2D's kernel_size defaults to 3 on each of its 2 axes.
    expect(formatValue(field('Conv2D', 'kernel_size'), undefined)).toBe('3, 3');
    expect(formatValue(field('MaxPooling2D', 'strides'), undefined)).toBe('None');
  });

  it('shows lists with None for null axes, numbers, booleans and text as written', () => {
    const shape = field('Input', 'shape');
    expect(formatValue(shape, [null, 3])).toBe('None, 3');
    expect(formatValue(field('Dropout', 'rate'), 0.5)).toBe('0.5');
    expect(formatValue(field('Dense', 'use_bias'), false)).toBe('false');
    expect(formatValue(field('Dense', 'activation'), 'relu')).toBe('relu');
  });

  it('shows a wrapped layer by its type', () => {
    expect(formatValue(field('Bidirectional', 'layer'), { type: 'GRU', fields: { units: 8 } })).toBe('GRU');
  });

  it('reads back what it shows for ints, dims and nullable values', () => {
    const cases: [FieldSpec, Parameters<typeof formatValue>[1]][] = [
      [field('Conv2D', 'kernel_size'), [3, 5]],
      [field('Input', 'shape'), [null, 28, 1]],
      [field('MultiHeadAttention', 'value_dim'), null],
      [field('Dense', 'units'), 64],
    ];
    for (const [spec, value] of cases) expect(parseValue(spec, formatValue(spec, value)), spec.name).toEqual(value);
  });
});

describe('bounds', () => {
  it('says each kind of field in words, from its declared bounds', () => {
    expect(bounds(field('Dense', 'units'))).toBe('integer ≥ 1');
    expect(bounds(field('Dropout', 'rate'))).toBe('number from 0 to 1');
    expect(bounds(field('Conv2D', 'kernel_size'))).toBe('2 integers (or one for all) ≥ 1');
    expect(bounds(field('MaxPooling2D', 'strides'))).toBe('None or 2 integers (or one for all) ≥ 1');
    expect(bounds(field('Reshape', 'target_shape'))).toMatch(/one may be -1$/);
    expect(bounds(field('Dense', 'use_bias'))).toBeUndefined();
  });
});

describe('compactCount', () => {
  it('shows counts below a thousand exactly', () => {
    expect(compactCount(0n)).toBe('0');
    expect(compactCount(999n)).toBe('999');
  });

  it('shows three significant digits with a unit from a thousand up', () => {
    expect(compactCount(1_000n)).toBe('1 k');
    expect(compactCount(12_345n)).toBe('12.3 k'); // 12.345 k → 12.3
    expect(compactCount(1_050_624n)).toBe('1.05 M');
    expect(compactCount(25_636_712n)).toBe('25.6 M'); // 25.636712 M → 25.6
    expect(compactCount(138_357_544n)).toBe('138 M'); // 138.357544 M → 138
    expect(compactCount(1_234_567_890n)).toBe('1.23 B');
  });

  it('rounds half up, carrying into the next unit instead of showing 1000', () => {
    expect(compactCount(1_235n)).toBe('1.24 k'); // 1.235 k, half up → 1.24
    expect(compactCount(999_499n)).toBe('999 k'); // 999.499 k → 999
    expect(compactCount(999_500n)).toBe('1 M'); // 999.5 k → 1000 k = 1 M
    expect(compactCount(999_950n)).toBe('1 M');
  });

  it('keeps the sign of negative counts', () => {
    expect(compactCount(-1_500n)).toBe('-1.5 k');
    expect(compactCount(-42n)).toBe('-42');
  });
});

describe('commandFor', () => {
  // shortcuts.ts asks `target instanceof HTMLElement`, which Node lacks: a stand-in class is enough.
  class FakeElement {
    constructor(
      readonly tagName: string,
      readonly isContentEditable = false,
    ) {}
  }
  beforeAll(() => vi.stubGlobal('HTMLElement', FakeElement));
  afterAll(() => vi.unstubAllGlobals());

  const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}, target: unknown = null) =>
    commandFor({ key, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt, target } as unknown as KeyboardEvent);

  it('maps Mod (Ctrl or ⌘) combinations, with Shift telling undo from redo', () => {
    expect(press('z', { ctrl: true })).toBe('undo');
    expect(press('z', { meta: true })).toBe('undo');
    expect(press('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(press('y', { ctrl: true })).toBe('redo');
    expect(press('A', { ctrl: true })).toBe('selectAll'); // letters match in either case
    expect(press('s', { meta: true })).toBe('save');
  });

  it('maps plain keys, and refuses them with Ctrl, Alt or (for letters) Shift held', () => {
    expect(press('Delete')).toBe('delete');
    expect(press('Backspace')).toBe('delete');
    expect(press('f')).toBe('fit');
    expect(press('f', { ctrl: true })).toBe('find'); // Ctrl+F is its own command, not F's fit
    expect(press('d', { ctrl: true, shift: true })).toBeUndefined();
    expect(press('f', { shift: true })).toBeUndefined();
    expect(press('z', { ctrl: true, alt: true })).toBeUndefined();
    expect(press('q')).toBeUndefined();
  });

  it('matches symbols whatever Shift, since the key already carries it', () => {
    expect(press('?', { shift: true })).toBe('help');
    expect(press('+', { shift: true })).toBe('zoomIn');
    expect(press('=')).toBe('zoomIn');
    expect(press('-')).toBe('zoomOut');
  });

  it('while typing in a field, passes only the in-field shortcuts', () => {
    for (const target of [new FakeElement('INPUT'), new FakeElement('TEXTAREA'), new FakeElement('SELECT'), new FakeElement('DIV', true)]) {
      expect(press('Backspace', {}, target), target.tagName).toBeUndefined();
      expect(press('f', {}, target)).toBeUndefined();
      expect(press('z', { ctrl: true }, target)).toBe('undo');
      expect(press('s', { ctrl: true }, target)).toBe('save');
      expect(press('Escape', {}, target)).toBe('escape');
    }
    // Any other element is not a text field.
    expect(press('f', {}, new FakeElement('DIV'))).toBe('fit');
  });
});
