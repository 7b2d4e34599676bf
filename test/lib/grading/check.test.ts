import { describe, expect, it } from 'vitest';
import { CheckFailure, Checker } from '@/lib/grading/check';
import { describeFailure } from '@/lib/grading/format-messages';

const checker = new Checker({ tensorsLeaked: 0, durationMs: 1 }, 1e-6);

function failureOf(fn: () => void): CheckFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof CheckFailure) return error;
    throw error;
  }
  throw new Error('expected a CheckFailure');
}

describe('Checker messages', () => {
  it('visible tests show input, expected, actual and tolerance', () => {
    const failure = failureOf(() => checker.closeTo([1, 2.5], [1, 2], { what: 'scaled rows' }));
    expect(describeFailure(failure, { rows: [1, 2] }, true)).toBe(
      ['scaled rows: [1] is off by more than 0.000001', '  input:    { rows: [1, 2] }', '  expected: [1, 2] (tolerance 0.000001)', '  actual:   [1, 2.5]'].join('\n'),
    );
  });

  it.each([
    ['a length', () => checker.closeTo([1, 2, 3], [1, 2], { what: 'rows' }), 'rows: an array has the wrong length', ['2', '3']],
    ['a threshold', () => checker.atLeast(0.8, 0.9, { what: 'accuracy' }), 'accuracy is below the required minimum', ['0.8', '0.9']],
    ['a maximum', () => checker.atMost(9, 4, { what: 'predict calls' }), 'predict calls is above the allowed maximum', ['9', '4']],
    ['an exact count', () => checker.equal({ hits: 3 }, { hits: 5 }, { what: 'cache' }), 'cache: a value is wrong', ['3', '5', 'hits']],
    ['a shape', () => checker.shape({ kind: 'tensor', shape: [3, 1], dtype: 'float32', values: [] }, [3, 2], { what: 'logits' }), 'logits: the shape is wrong', ['[3, 1]', '[3, 2]']],
    ['an index', () => checker.closeTo([1, 2, 9], [1, 2, 3], { what: 'rows' }), 'rows: a value is off by more than 0.000001', ['[2]', '9']],
    ['a dtype', () => checker.dtype({ kind: 'tensor', shape: [1], dtype: 'int32', values: [1] }, 'float32', { what: 'features' }), 'features: the dtype is wrong', ['int32', 'float32']],
  ])('hidden tests name the property but not %s (nor the actual value, nor where)', (_name, check, hiddenText, secrets) => {
    const message = describeFailure(failureOf(check), { secret: 'input' }, false);
    expect(message).toBe(`${hiddenText}\n(hidden test: its data is not shown)`);
    for (const secret of secrets) expect(message).not.toContain(secret);
    expect(message).not.toContain('input');
  });

  it('visible tests keep the numbers hidden tests leave out', () => {
    const failure = failureOf(() => checker.atLeast(0.8, 0.9, { what: 'accuracy' }));
    expect(describeFailure(failure, null, true)).toContain('accuracy is 0.8, needs at least 0.9');
    const count = failureOf(() => checker.equal(3, 5, { what: 'predict calls' }));
    expect(describeFailure(count, null, true)).toContain('predict calls: value is 3, expected 5');
  });

  it.each([
    ['closeTo', (what: { what: string; visibleWhat: string }) => checker.closeTo([1, 9], [1, 2], what)],
    ['equal', (what: { what: string; visibleWhat: string }) => checker.equal('b', 'a', what)],
    ['atLeast', (what: { what: string; visibleWhat: string }) => checker.atLeast(1, 2, what)],
    ['atMost', (what: { what: string; visibleWhat: string }) => checker.atMost(3, 2, what)],
    ['shape', (what: { what: string; visibleWhat: string }) => checker.shape([[1]], [2, 1], what)],
  ])('%s: the label with positions (visibleWhat) is shown for visible tests only', (_name, check) => {
    const failure = failureOf(() => check({ what: 'PSI of a feature', visibleWhat: 'PSI of feature 7 (amount)' }));
    expect(describeFailure(failure, null, true)).toContain('PSI of feature 7 (amount)');
    const hidden = describeFailure(failure, null, false);
    expect(hidden).toContain('PSI of a feature');
    expect(hidden).not.toContain('amount');
    expect(hidden).not.toContain('7');
  });

  it('that: a hidden test shows the property, a visible one its visibleProperty', () => {
    const failure = failureOf(() => checker.that(false, 'a row is not its order', { visibleProperty: 'row 12 is not its order' }));
    expect(describeFailure(failure, null, false)).toBe('a row is not its order\n(hidden test: its data is not shown)');
    expect(describeFailure(failure, null, true)).toContain('row 12 is not its order');
  });
});

describe('Checker.equal is exact deep equality', () => {
  it('passes equal values, nested objects in any key order, and equal arrays', () => {
    expect(() => checker.equal({ a: 1, b: { c: 'x', d: [true, null] } }, { b: { d: [true, null], c: 'x' }, a: 1 }, { what: 'report' })).not.toThrow();
    expect(() => checker.equal([], [], { what: 'rows' })).not.toThrow();
  });

  it.each([
    ['an extra key', { verdict: 'ship', debug: 1 }, { verdict: 'ship' }, 'report: an object has an unexpected key', 'report: value has an unexpected key "debug"'],
    ['an extra key in a nested object', { totals: { n: 3, extra: 0 } }, { totals: { n: 3 } }, 'report: an object has an unexpected key', 'report: .totals has an unexpected key "extra"'],
    ['an extra key inside an array element', [{ id: 1 }, { id: 2, note: '' }], [{ id: 1 }, { id: 2 }], 'report: an object has an unexpected key', 'report: [1] has an unexpected key "note"'],
    ['an extra key whose value is undefined', { verdict: 'ship', debug: undefined }, { verdict: 'ship' }, 'report: an object has an unexpected key', 'report: value has an unexpected key "debug"'],
    ['a missing key', { verdict: 'ship' }, { verdict: 'ship', reason: 'lift' }, 'report: an object is missing a key', 'report: value is missing the key "reason"'],
    ['a missing key whose expected value is undefined', {}, { reason: undefined }, 'report: an object is missing a key', 'report: value is missing the key "reason"'],
    ['a different integer', { n: 3 }, { n: 4 }, 'report: a value is wrong', 'report: .n is 3, expected 4'],
    ['a near integer (no tolerance)', 1.0000001, 1, 'report: a value is wrong', 'report: value is 1.0000001, expected 1'],
  ])('fails on %s: hidden tests name the property, visible ones where and what', (_name, actual, expected, hidden, visible) => {
    const failure = failureOf(() => checker.equal(actual, expected, { what: 'report' }));
    expect(failure.property).toBe(hidden);
    expect(describeFailure(failure, null, true)).toContain(visible);
  });

  it('quotes an unexpected key the code returned up to 60 characters, however long it is', () => {
    const failure = failureOf(() => checker.equal({ verdict: 'ship', ['k'.repeat(100_000)]: 1 }, { verdict: 'ship' }, { what: 'report' }));
    expect(describeFailure(failure, null, true)).toContain(`report: value has an unexpected key "${'k'.repeat(57)}..."`);
    expect(describeFailure(failure, null, true).length).toBeLessThan(1_000);
  });

  it('names a missing key only in visible tests', () => {
    const failure = failureOf(() => checker.equal({ verdict: 'ship' }, { verdict: 'ship', reason: 'lift' }, { what: 'report' }));
    expect(describeFailure(failure, null, true)).toContain('report: value is missing the key "reason"');
    expect(describeFailure(failure, null, false)).not.toContain('reason');
  });
});
