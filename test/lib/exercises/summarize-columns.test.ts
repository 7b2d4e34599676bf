import { describe, expect, it } from 'vitest';
import { chartColumn, chartColumns, MAX_BARS, MAX_BINS } from '@/lib/exercises/summarize-columns';

describe('column charts of a data preview', () => {
  it('bins a numeric column, every value in one bin, the maximum in the last, missing values counted apart', () => {
    const values = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, Number.NaN];
    const chart = chartColumn('x', values);
    expect(chart?.kind).toBe('histogram');
    if (chart?.kind !== 'histogram') return;
    expect(chart.missing).toBe(2);
    expect(chart.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(11);
    expect(chart.bins[0]!.from).toBe(1);
    expect(chart.bins.at(-1)!.to).toBe(10);
    expect(chart.bins.at(-1)!.count).toBeGreaterThan(0);
    expect(chart.bins.length).toBeLessThanOrEqual(MAX_BINS);
  });

  it('gives a constant column one bin and caps the bins of a long one', () => {
    const constant = chartColumn('c', [3, 3, 3]);
    expect(constant).toMatchObject({ kind: 'histogram', bins: [{ from: 3, to: 3, count: 3 }] });
    const long = chartColumn('l', Array.from({ length: 100_000 }, (_, i) => i));
    expect(long?.kind === 'histogram' && long.bins.length).toBe(MAX_BINS);
  });

  it('counts a categorical column, most frequent first, the rest summed as others', () => {
    const values = ['a', 'b', 'a', 'c', 'a', 'b', true, null];
    expect(chartColumn('k', values)).toEqual({
      kind: 'categories',
      column: 'k',
      bars: [
        { label: 'a', count: 3 },
        { label: 'b', count: 2 },
        { label: 'c', count: 1 },
        { label: 'true', count: 1 },
      ],
      others: 0,
      distinct: 4,
      missing: 1,
    });
    const many = Array.from({ length: 100 }, (_, i) => `v${i % 10}`);
    const chart = chartColumn('m', many);
    expect(chart?.kind === 'categories' && [chart.bars.length, chart.others, chart.distinct]).toEqual([MAX_BARS, 20, 10]);
  });

  it('draws nothing for identifiers, nested values or an empty column', () => {
    expect(chartColumn('id', Array.from({ length: 50 }, (_, i) => `row-${i}`))).toBeNull();
    expect(chartColumn('pixels', [[1, 2], [3, 4]])).toBeNull();
    expect(chartColumn('mixed', [1, 'a'])).toBeNull();
    expect(chartColumn('empty', [null, null])).toBeNull();
    const records = Array.from({ length: 20 }, (_, i) => ({ a: i % 3, id: `id-${i}` }));
    expect(chartColumns(['a', 'id'], records).map((c) => c.column)).toEqual(['a']);
  });
});
