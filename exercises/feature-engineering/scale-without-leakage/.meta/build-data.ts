/**
 * Builds data/penguins.csv from the Palmer penguins in vega-datasets (data CC0 1.0 per
 * palmerpenguins; package BSD-3-Clause). Keeps the four body measurements and the species,
 * keeps the two birds whose measurements were never recorded (empty cells: missing values),
 * and adds a `split` column: a seeded, stratified ~80/20 train/test split per species.
 *
 *   npx tsx exercises/feature-engineering/scale-without-leakage/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../lib/seeded-random';

interface RawPenguin {
  Species: string;
  'Beak Length (mm)': number | null;
  'Beak Depth (mm)': number | null;
  'Flipper Length (mm)': number | null;
  'Body Mass (g)': number | null;
}

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/penguins.json');
const target = path.resolve(here, '../data/penguins.csv');

const SEED = 20240611;
const TEST_SHARE = 0.2;

const penguins = JSON.parse(fs.readFileSync(source, 'utf8')) as RawPenguin[];
const random = mulberry32(SEED);

// Stratified split: within each species (in order of first appearance), shuffle the row indices
// with Fisher-Yates and send the first round(20%) to the test split.
const split = new Array<'train' | 'test'>(penguins.length).fill('train');
const species = [...new Set(penguins.map((p) => p.Species))];
for (const name of species) {
  const indices = penguins.flatMap((p, i) => (p.Species === name ? [i] : []));
  for (let i = indices.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  for (const index of indices.slice(0, Math.round(indices.length * TEST_SHARE))) split[index] = 'test';
}

const cell = (value: number | null) => (value === null ? '' : String(value));
const lines = ['species,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,split'];
penguins.forEach((p, i) => {
  lines.push(
    [p.Species, cell(p['Beak Length (mm)']), cell(p['Beak Depth (mm)']), cell(p['Flipper Length (mm)']), cell(p['Body Mass (g)']), split[i]].join(','),
  );
});
fs.writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`wrote ${path.relative(root, target)}: ${penguins.length} rows, ${split.filter((s) => s === 'test').length} in the test split`);
