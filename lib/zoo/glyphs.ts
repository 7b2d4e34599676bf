/**
 * The image task of the zoo: 16x16 grayscale glyphs, generated with a seeded PRNG (no real data).
 * Six "pretraining" classes train the classifier and the embedder; three more (NEW_GLYPHS) are
 * never seen in training, for transfer learning and cold-start exercises.
 */
import { mulberry32 } from '../seeded-random';
import { drawGlyph } from './draw-glyph';

export const PRETRAIN_GLYPHS = ['ring', 'square', 'triangle', 'plus', 'cross', 'bars'];
export const NEW_GLYPHS = ['diamond', 'tee', 'hourglass'];

export interface GlyphSet {
  /** Each image row-major, GLYPH_SIZE * GLYPH_SIZE values in [0, 1]. */
  images: number[][];
  /** Index into the class list the set was drawn from. */
  labels: number[];
}

/** `perClass` images of each class, interleaved (class 0, 1, 2, ..., 0, 1, ...), from `seed`. */
export function drawGlyphSet(classes: string[], perClass: number, seed: number): GlyphSet {
  const random = mulberry32(seed);
  const images: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i += 1) {
    classes.forEach((name, label) => {
      images.push(drawGlyph(name, random));
      labels.push(label);
    });
  }
  return { images, labels };
}

export const GLYPH_SEEDS = { train: 101, validation: 202, test: 303 };

export function loadGlyphSplits(): { train: GlyphSet; validation: GlyphSet; test: GlyphSet } {
  return {
    train: drawGlyphSet(PRETRAIN_GLYPHS, 100, GLYPH_SEEDS.train),
    validation: drawGlyphSet(PRETRAIN_GLYPHS, 50, GLYPH_SEEDS.validation),
    test: drawGlyphSet(PRETRAIN_GLYPHS, 50, GLYPH_SEEDS.test),
  };
}
