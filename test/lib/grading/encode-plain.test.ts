import { describe, expect, it } from 'vitest';
import { parsePlain, stringifyPlain } from '@/lib/grading/encode-plain';

describe('stringifyPlain and parsePlain', () => {
  it('keep what JSON drops: NaN, both infinities, -0 and undefined, at any depth', () => {
    const value = { a: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5, null], b: { c: 'x', d: [undefined, 2] } };
    const back = parsePlain(stringifyPlain(value)) as typeof value;
    expect(back.a).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5, null]);
    expect(Object.is(back.a[3], -0)).toBe(true);
    expect(back.b.c).toBe('x');
    expect(back.b.d[0]).toBeUndefined();
    expect(back.b.d[1]).toBe(2);
  });

  it('leaves objects that only look like an encoding when they have other keys', () => {
    expect(parsePlain(stringifyPlain({ $number: 'NaN', other: 1 }))).toEqual({ $number: 'NaN', other: 1 });
  });
});
