/**
 * Builds the exercise's data from the zoo's training split of US postal codes (GeoNames, CC BY 4.0,
 * via vega-datasets):
 *   data/labelled.csv    100 addresses with their census division (the hand-labelled set)
 *   data/unlabelled.csv  700 other addresses without labels (the scanner logs)
 * and .meta/expected.json: the held-out accuracy (first 1,000 zoo validation rows) of the teacher
 * (region-mlp-m) and of the team's current student, a 249-parameter network (2 → 20 → 9) trained
 * on the 100 hand labels only (one-hot targets, Adam 0.05, 60 epochs, full batch, seeds 1 and 2),
 * and the teacher's division (argmax) for each held-out row, which the grader compares the
 * distilled student with.
 *
 * Run: npx tsx exercises/model-selection/distil-the-region-model/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readZooCard, readZooModel } from '../../../../lib/zoo/read-zoo';
import { DIVISION_LABELS, loadZipSplits, type ZipRow } from '../../../../lib/zoo/zip-regions';

export const LABELLED = 100;
export const UNLABELLED = 700;
export const HELD_OUT = 1_000;

const here = path.dirname(new URL(import.meta.url).pathname);

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const splits = loadZipSplits();
  const labelled = splits.train.slice(0, LABELLED);
  const unlabelled = splits.train.slice(LABELLED, LABELLED + UNLABELLED);
  const heldOut = splits.validation.slice(0, HELD_OUT);
  const csv = (rows: ZipRow[], withLabel: boolean) =>
    [['zip', 'city', 'state', 'latitude', 'longitude', ...(withLabel ? ['division'] : [])].join(','), ...rows.map((r) => [r.zip, r.city, r.state, r.latitude, r.longitude, ...(withLabel ? [DIVISION_LABELS[r.label]] : [])].join(','))].join('\n');
  fs.writeFileSync(path.join(here, '..', 'data', 'labelled.csv'), `${csv(labelled, true)}\n`);
  // The state column stays out of the unlabelled file: it would give the division away.
  fs.writeFileSync(path.join(here, '..', 'data', 'unlabelled.csv'), `${['zip,latitude,longitude', ...unlabelled.map((r) => [r.zip, r.latitude, r.longitude].join(','))].join('\n')}\n`);

  const { mean, std } = readZooCard('region-mlp-m').inputs.normalisation!;
  const norm = (rows: ZipRow[]) => tf.tensor2d(rows.map((r) => [(r.latitude - mean[0]!) / std[0]!, (r.longitude - mean[1]!) / std[1]!]));
  const divisions = (model: tf.LayersModel) => tf.tidy(() => (model.predict(norm(heldOut)) as tf.Tensor).argMax(-1).arraySync() as number[]);
  const accuracy = (model: tf.LayersModel) => divisions(model).filter((p, i) => p === heldOut[i]!.label).length / heldOut.length;
  const a = readZooModel('region-mlp-m');
  const teacher = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData: new Float32Array(a.weightData).buffer }));

  const student = tf.sequential({
    layers: [
      tf.layers.dense({ units: 20, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 9, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  student.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  await student.fit(norm(labelled), tf.oneHot(tf.tensor1d(labelled.map((r) => r.label), 'int32'), DIVISION_LABELS.length), { epochs: 60, batchSize: LABELLED, shuffle: false, verbose: 0, yieldEvery: 'never' });

  const teacherDivisions = divisions(teacher);
  const expected = { heldOutRows: HELD_OUT, teacherAccuracy: accuracy(teacher), hardLabelStudent: { parameters: student.countParams(), accuracy: accuracy(student) } };
  // The 1,000 divisions on one line: a placeholder string, then the compact list in its place.
  const json = JSON.stringify({ ...expected, teacherDivisions: 'DIVISIONS' }, null, 2).replace('"DIVISIONS"', JSON.stringify(teacherDivisions));
  fs.writeFileSync(path.join(here, 'expected.json'), `${json}\n`);
  console.log(JSON.stringify(expected));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
