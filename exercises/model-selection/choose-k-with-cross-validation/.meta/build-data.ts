/**
 * Builds data/penguins-sex.csv from the Palmer penguins in vega-datasets (data CC0 1.0 per
 * palmerpenguins; package BSD-3-Clause). Keeps the 333 birds whose sex was recorded (the 11
 * without it are the ones the classifier is for), gives each an id, shuffles the rows (seeded
 * Fisher-Yates, so the file order is random) and assigns a split from a second seeded shuffle:
 * 20% test, 20% validation, the rest train.
 *
 *   npx tsx exercises/model-selection/choose-k-with-cross-validation/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../lib/seeded-random';

interface RawPenguin {
  Species: string;
  Island: string;
  'Beak Length (mm)': number | null;
  'Beak Depth (mm)': number | null;
  'Flipper Length (mm)': number | null;
  'Body Mass (g)': number | null;
  Sex: string | null;
}

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/penguins.json');
const target = path.resolve(here, '../data/penguins-sex.csv');

const SEED = 20_241_104;
const TEST_SHARE = 0.2;
const VALIDATION_SHARE = 0.2;

const random = mulberry32(SEED);
function shuffle<T>(items: T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const penguins = (JSON.parse(fs.readFileSync(source, 'utf8')) as RawPenguin[])
  .map((p, i) => ({ ...p, id: `pen-${String(i + 1).padStart(3, '0')}` }))
  .filter((p) => p.Sex === 'MALE' || p.Sex === 'FEMALE');

const rows = shuffle(penguins);
const nTest = Math.round(rows.length * TEST_SHARE);
const nValidation = Math.round(rows.length * VALIDATION_SHARE);
const split = new Map<string, string>();
shuffle(rows.map((p) => p.id)).forEach((id, position) => {
  split.set(id, position < nTest ? 'test' : position < nTest + nValidation ? 'validation' : 'train');
});

const lines = ['id,species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,split'];
for (const p of rows) {
  lines.push(
    [p.id, p.Species, p.Island, p['Beak Length (mm)'], p['Beak Depth (mm)'], p['Flipper Length (mm)'], p['Body Mass (g)'], p.Sex === 'MALE' ? 'male' : 'female', split.get(p.id)].join(','),
  );
}
fs.writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`wrote ${path.relative(root, target)}: ${rows.length} rows (${nTest} test, ${nValidation} validation, ${rows.length - nTest - nValidation} train)`);
