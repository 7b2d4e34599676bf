import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/lib/seeded-random';
import { drawGlyph, GLYPH_NAMES, GLYPH_SIZE } from '@/lib/zoo/draw-glyph';
import { drawGlyphSet, NEW_GLYPHS, PRETRAIN_GLYPHS } from '@/lib/zoo/glyphs';
import { percentile } from '@/lib/zoo/measure-latency';
import { DIVISION_LABELS, loadZipSplits, ZIP_SPLIT } from '@/lib/zoo/zip-regions';

describe('zoo data', () => {
  it('splits the postal codes into disjoint train, validation and test rows of the stated sizes, the same every time', () => {
    const splits = loadZipSplits();
    expect([splits.train.length, splits.validation.length, splits.test.length]).toEqual([ZIP_SPLIT.train, ZIP_SPLIT.validation, ZIP_SPLIT.test]);
    const zips = [...splits.train, ...splits.validation, ...splits.test].map((r) => r.zip);
    expect(new Set(zips).size).toBe(zips.length);
    expect(loadZipSplits().test.slice(0, 3)).toEqual(splits.test.slice(0, 3));
    expect(new Set(splits.train.map((r) => r.label)).size).toBe(DIVISION_LABELS.length);
  });

  it('draws the same glyphs from the same seed, with pixel values in [0, 1]', () => {
    const a = drawGlyph('ring', mulberry32(5));
    expect(a).toEqual(drawGlyph('ring', mulberry32(5)));
    expect(a).toHaveLength(GLYPH_SIZE * GLYPH_SIZE);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(() => drawGlyph('star', mulberry32(1))).toThrow(/unknown glyph "star"/);
  });

  it('keeps the new glyphs out of the pretraining classes', () => {
    expect(NEW_GLYPHS.filter((g) => PRETRAIN_GLYPHS.includes(g))).toEqual([]);
    expect([...PRETRAIN_GLYPHS, ...NEW_GLYPHS].every((g) => GLYPH_NAMES.includes(g))).toBe(true);
    const set = drawGlyphSet(NEW_GLYPHS, 2, 9);
    expect(set.labels).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('takes the nearest-rank percentile', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(sorted, 95)).toBe(19);
    expect(percentile(sorted, 50)).toBe(10);
    expect(percentile([], 95)).toBeNaN();
  });
});
