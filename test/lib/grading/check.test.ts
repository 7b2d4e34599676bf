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
});
