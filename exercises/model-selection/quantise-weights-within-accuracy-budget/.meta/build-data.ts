/**
 * Builds data/validation.csv (the first 1,000 of the zoo's validation postal codes, never used for training)
 * and .meta/expected.json: the reference solution's scheme reports for the zoo model
 * `region-mlp-l` on those rows and for `glyphs-cnn` on 60 validation glyphs, computed with
 * tfjs's cpu backend (the same kernels the grader runs).
 *
 * Run: npx tsx exercises/model-selection/quantise-weights-within-accuracy-budget/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadGlyphSplits } from '../../../../lib/zoo/glyphs';
import { readZooCard, readZooModel } from '../../../../lib/zoo/read-zoo';
import { DIVISION_LABELS, loadZipSplits } from '../../../../lib/zoo/zip-regions';
import { evaluateSchemes, type Scheme } from './solution';

const here = path.dirname(new URL(import.meta.url).pathname);
export const ALL_SCHEMES: Scheme[] = ['float32', 'float16', 'int8-per-tensor', 'int8-per-channel', 'int4-per-tensor', 'int4-per-channel'];
export const GLYPH_SCHEMES: Scheme[] = ['int8-per-channel', 'int4-per-channel'];
export const GLYPH_ROWS = 60;
export const VALIDATION_ROWS = 1_000;

async function load(name: string): Promise<tf.LayersModel> {
  const a = readZooModel(name);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData: new Float32Array(a.weightData).buffer }));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const rows = loadZipSplits().validation.slice(0, VALIDATION_ROWS);
  const lines = ['zip,city,state,latitude,longitude,division'];
  for (const r of rows) lines.push([r.zip, r.city, r.state, r.latitude, r.longitude, DIVISION_LABELS[r.label]].join(','));
  fs.writeFileSync(path.join(here, '..', 'data', 'validation.csv'), `${lines.join('\n')}\n`);

  const { mean, std } = readZooCard('region-mlp-l').inputs.normalisation!;
  const x = rows.map((r) => [(r.latitude - mean[0]!) / std[0]!, (r.longitude - mean[1]!) / std[1]!]);
  const region = evaluateSchemes(await load('region-mlp-l'), x, rows.map((r) => r.label), ALL_SCHEMES);
  const glyphs = loadGlyphSplits().validation;
  const cnn = evaluateSchemes(await load('glyphs-cnn'), glyphs.images.slice(0, GLYPH_ROWS), glyphs.labels.slice(0, GLYPH_ROWS), GLYPH_SCHEMES);
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify({ region, cnn }, null, 2)}\n`);
  for (const r of [...region, ...cnn]) console.log(`${r.scheme.padEnd(17)} ${String(r.bytes).padStart(6)} B  accuracy ${r.accuracy.toFixed(4)}  drop ${r.drop.toFixed(4)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
