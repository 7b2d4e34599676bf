/**
 * Builds data/train.json: the few labelled examples of the three new glyphs (diamond, tee,
 * hourglass; never seen by the zoo's glyph models), 8 of each, drawn with a seeded generator.
 *
 * Run: npx tsx exercises/model-selection/fine-tune-a-pretrained-embedder/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { drawGlyphSet, NEW_GLYPHS } from '../../../../lib/zoo/glyphs';

export const TRAIN_SEED = 606;
export const PER_CLASS = 8;

const here = path.dirname(new URL(import.meta.url).pathname);
const set = drawGlyphSet(NEW_GLYPHS, PER_CLASS, TRAIN_SEED);
const out = { classes: NEW_GLYPHS, size: [16, 16], labels: set.labels, images: set.images };
fs.writeFileSync(path.join(here, '..', 'data', 'train.json'), `${JSON.stringify(out)}\n`);
console.log(`wrote ${set.images.length} images of ${NEW_GLYPHS.join(', ')}`);
