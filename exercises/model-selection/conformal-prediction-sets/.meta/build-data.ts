/**
 * Builds the exercise's data from the zoo's held-out test split of US postal codes (GeoNames,
 * CC BY 4.0, via vega-datasets; lib/zoo/zip-regions.ts), which the zoo's region models never
 * trained on or were selected on:
 *   data/addresses.csv    500 calibration and 500 test addresses with their census division
 *   .meta/expected.json   the zoo model region-mlp-m's float32 softmax outputs for both splits,
 *                         computed on tfjs's cpu backend exactly as the grader's copy computes them
 * It checks that, for every alpha the tests use, no test score 1 − p lies within 1e-6 of the
 * calibrated threshold without being equal to it, so float32 rounding cannot move a class in or
 * out of a set.
 *   npx tsx exercises/model-selection/conformal-prediction-sets/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DIVISION_LABELS, loadZipSplits, type ZipRow } from '../../../../lib/zoo/zip-regions';
import { readZooCard, readZooModel } from '../../../../lib/zoo/read-zoo';
import { conformalQuantile, nonconformityScores, predictionSets } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const CALIBRATION = 500;
const TEST = 500;
/** The alphas the tests use on these splits (and on their halves). */
const ALPHAS = [0.02, 0.05, 0.1, 0.18, 0.3];
const compactArrays = (json: string) => json.replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);

function checkNoKnifeEdges(calibration: number[][], calibrationLabels: number[], test: number[][], name: string): void {
  for (const alpha of ALPHAS) {
    const qhat = conformalQuantile(nonconformityScores(calibration, calibrationLabels), alpha);
    for (const row of test) {
      for (const p of row) {
        const gap = Math.abs(1 - p - qhat);
        if (gap > 0 && gap < 1e-6) throw new Error(`${name}, alpha ${alpha}: a test score is ${gap} from the threshold ${qhat}`);
      }
    }
  }
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const { mean, std } = readZooCard('region-mlp-m').inputs.normalisation!;
  const artifacts = readZooModel('region-mlp-m');
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs, weightData: new Float32Array(artifacts.weightData).buffer }));
  const heldOut = loadZipSplits().test;
  const calibration = heldOut.slice(0, CALIBRATION);
  const test = heldOut.slice(CALIBRATION, CALIBRATION + TEST);
  const probabilitiesOf = (part: ZipRow[]) =>
    tf.tidy(() => (model.predict(tf.tensor2d(part.map((r) => [(r.latitude - mean[0]!) / std[0]!, (r.longitude - mean[1]!) / std[1]!]))) as tf.Tensor2D).arraySync());
  const probabilities = { calibration: probabilitiesOf(calibration), test: probabilitiesOf(test) };
  model.dispose();

  const labels = { calibration: calibration.map((r) => r.label), test: test.map((r) => r.label) };
  checkNoKnifeEdges(probabilities.calibration, labels.calibration, probabilities.test, 'calibration → test');
  checkNoKnifeEdges(probabilities.test, labels.test, probabilities.calibration, 'test → calibration');
  const half = CALIBRATION / 2;
  checkNoKnifeEdges(probabilities.calibration.slice(0, half), labels.calibration.slice(0, half), probabilities.test, 'half the calibration rows');
  checkNoKnifeEdges(probabilities.test.slice(0, half), labels.test.slice(0, half), probabilities.calibration, 'half the test rows → calibration');
  for (const alpha of ALPHAS) {
    const qhat = conformalQuantile(nonconformityScores(probabilities.calibration, labels.calibration), alpha);
    const sets = predictionSets(probabilities.test, qhat);
    const coverage = sets.filter((s, i) => s.includes(labels.test[i]!)).length / TEST;
    const sizes = [0, 1, 2, 3].map((size) => sets.filter((s) => s.length === size).length);
    console.log(`alpha ${alpha}: qhat ${qhat.toPrecision(6)}, coverage ${coverage}, sets of size 0/1/2/3: ${sizes.join('/')}, mean size ${sets.reduce((a, s) => a + s.length, 0) / TEST}`);
  }
  const accuracy = probabilities.test.filter((row, i) => row.indexOf(Math.max(...row)) === labels.test[i]).length / TEST;
  console.log(`top-1 accuracy on the test rows ${accuracy}`);

  const csv = [
    'zip,city,state,latitude,longitude,division,split',
    ...[...calibration.map((r) => ({ r, split: 'calibration' })), ...test.map((r) => ({ r, split: 'test' }))].map(({ r, split }) =>
      [r.zip, r.city.includes(',') ? `"${r.city}"` : r.city, r.state, r.latitude, r.longitude, DIVISION_LABELS[r.label], split].join(','),
    ),
  ];
  fs.writeFileSync(path.join(here, '..', 'data', 'addresses.csv'), `${csv.join('\n')}\n`);
  fs.writeFileSync(path.join(here, 'expected.json'), `${compactArrays(JSON.stringify({ probabilities }, null, 2))}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
