/**
 * Writes the data of calibrate-int8-activations:
 *   data/logged-requests.json  last week's logged model inputs of the address router, as the
 *                              calibration job reads them: 8 batches of 32 [latitude, longitude]
 *                              requests, 3 of them failed GPS fixes logged as (0, 0) ("Null Island")
 *   data/held-out.csv          400 labelled addresses the calibration never sees (the zoo's test split)
 *
 * The model is the zoo's region-mlp-m (exercises/zoo), unchanged. Requests come from the zoo's
 * validation split (US postal codes, GeoNames, CC BY 4.0, in the vega-datasets npm package).
 * Deterministic: seeded choice of rows and of the glitches' positions (mulberry32).
 *   npx tsx exercises/deployment-debugging/calibrate-int8-activations/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';
import { DIVISION_LABELS, loadZipSplits, type ZipRow } from '../../../../lib/zoo/zip-regions';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const dataDir = path.resolve(here, '../data');
const BATCHES = 8;
const BATCH_SIZE = 32;
const GLITCHES = 3;
const HELD_OUT = 400;

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function main(): void {
  const random = mulberry32(20261202);
  const splits = loadZipSplits(root);
  const logged = shuffled(splits.validation, random).slice(0, BATCHES * BATCH_SIZE).map((r) => [r.latitude, r.longitude]);
  // Failed GPS fixes: the app logs (0, 0) instead of dropping the request; never in the first batch.
  const glitchAt = shuffled(Array.from({ length: logged.length - BATCH_SIZE }, (_, i) => i + BATCH_SIZE), random).slice(0, GLITCHES);
  for (const i of glitchAt) logged[i] = [0, 0];
  const batches = Array.from({ length: BATCHES }, (_, b) => logged.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE));
  fs.writeFileSync(path.join(dataDir, 'logged-requests.json'), `${JSON.stringify({ features: ['latitude', 'longitude'], batches })}\n`.replace(/\],\[/g, '],\n['));

  const heldOut: ZipRow[] = splits.test.slice(0, HELD_OUT);
  const lines = ['zip,latitude,longitude,division', ...heldOut.map((r) => [r.zip, r.latitude, r.longitude, DIVISION_LABELS[r.label]].join(','))];
  fs.writeFileSync(path.join(dataDir, 'held-out.csv'), `${lines.join('\n')}\n`);
  console.log(`${BATCHES} batches of ${BATCH_SIZE}, glitches at ${glitchAt.sort((a, b) => a - b).join(', ')}; ${heldOut.length} held-out rows`);
}

main();
