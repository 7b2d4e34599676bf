/**
 * Writes data/penguins.csv for debug-the-nan-loss: the Palmer penguins with all four body
 * measurements, their species, and a seeded split (80% train, 20% held-out, per species).
 *
 * Source: vega-datasets' penguins.json (Palmer Station Antarctica LTER; data CC0 1.0, package
 * BSD-3-Clause). Measurements are kept in their raw units, as the training job reads them.
 *   npx tsx exercises/deployment-debugging/debug-the-nan-loss/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

interface RawPenguin {
  Species: string;
  'Beak Length (mm)': number | null;
  'Beak Depth (mm)': number | null;
  'Flipper Length (mm)': number | null;
  'Body Mass (g)': number | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

function main(): void {
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/penguins.json'), 'utf8')) as RawPenguin[];
  const measured = (p: RawPenguin) => [p['Beak Length (mm)'], p['Beak Depth (mm)'], p['Flipper Length (mm)'], p['Body Mass (g)']];
  const complete = raw.filter((p) => measured(p).every((v) => typeof v === 'number') && SPECIES.includes(p.Species));
  const random = mulberry32(20261202);
  const heldOut = new Set<RawPenguin>();
  for (const species of SPECIES) {
    const members = complete.filter((p) => p.Species === species);
    for (let i = members.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    members.slice(0, Math.round(members.length * 0.2)).forEach((p) => heldOut.add(p));
  }
  const lines = [
    'bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,species,split',
    ...complete.map((p) => [...measured(p), p.Species, heldOut.has(p) ? 'held-out' : 'train'].join(',')),
  ];
  fs.writeFileSync(path.resolve(here, '../data/penguins.csv'), `${lines.join('\n')}\n`);
  console.log(`${complete.length} penguins, ${complete.length - heldOut.size} train, ${heldOut.size} held-out`);
}

main();
