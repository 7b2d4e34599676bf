import { describe, expect, it } from 'vitest';
import { describeFailure } from '@/lib/grading/format-messages';
import { CheckFailure } from '@/lib/grading/check';
import { markDifference, parseFailureMessage } from '@/app/_components/workspace/failure-message';

describe('parseFailureMessage', () => {
  it('reads the property, input, expected with its tolerance, and actual that describeFailure writes', () => {
    const message = describeFailure(
      new CheckFailure('values are doubled', { expected: '[2, 4, 6]', actual: '[2, 4, 7]', tolerance: 1e-6 }),
      [1, 2, 3],
      true,
    );
    expect(parseFailureMessage(message)).toEqual({ property: 'values are doubled', input: '[1, 2, 3]', expected: '[2, 4, 6]', tolerance: '0.000001', actual: '[2, 4, 7]' });
  });

  it('gives null for a hidden test, whose message has no data', () => {
    expect(parseFailureMessage(describeFailure(new CheckFailure('keeps the order'), [1], false))).toBeNull();
  });

  it('gives null for a thrown error and for a one-line message', () => {
    expect(parseFailureMessage('TypeError: x is not a function\n    at double (submission.ts:3:5)')).toBeNull();
    expect(parseFailureMessage('Your code threw')).toBeNull();
  });
});

describe('markDifference', () => {
  it('marks the one differing number whole, not the last digit', () => {
    expect(markDifference('[1, 2, 30]', '[1, 2, 31]')).toEqual({ prefix: '[1, 2, ', expected: '30', actual: '31', suffix: ']' });
    expect(markDifference('0.123457', '0.123456')).toEqual({ prefix: '', expected: '0.123457', actual: '0.123456', suffix: '' });
  });

  it('marks a value that is longer on one side', () => {
    expect(markDifference('[1, 2, 3]', '[1, 2, 30]')).toEqual({ prefix: '[1, 2, ', expected: '3', actual: '30', suffix: ']' });
    expect(markDifference('[1, 2]', '[1, 2, 3]')).toEqual({ prefix: '[1, 2', expected: '', actual: ', 3', suffix: ']' });
  });

  it('marks nothing when the texts are equal, and everything when they share nothing', () => {
    expect(markDifference('{ a: 1 }', '{ a: 1 }')).toEqual({ prefix: '{ a: 1 }', expected: '', actual: '', suffix: '' });
    expect(markDifference('true', 'false')).toEqual({ prefix: '', expected: 'true', actual: 'false', suffix: '' });
  });

  it('puts the pieces back together as both texts', () => {
    const pairs: [string, string][] = [['"spring"', '"sprung"'], ['[1, 2, 3]', '[1, 5, 3]'], ['x', ''], ['abcabc', 'abc']];
    for (const [expected, actual] of pairs) {
      const d = markDifference(expected, actual);
      expect(d.prefix + d.expected + d.suffix).toBe(expected);
      expect(d.prefix + d.actual + d.suffix).toBe(actual);
    }
  });
});
