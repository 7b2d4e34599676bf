/**
 * Builds the exercise's data from the zoo's training split of US postal codes (GeoNames, CC BY 4.0,
 * via vega-datasets):
 *   data/addresses.csv    60 training and 50 validation addresses with their census division
 *                         (the week's labelled addresses of a new courier region)
 *   .meta/expected.json   the standardisation (training rows) and, for each training run the
 *                         tests make, its configuration and the validation loss after every
 *                         epoch up to maxEpochs, trained with the prompt's recipe: a 2 → 32 → 9
 *                         network (ReLU, softmax; glorotUniform seeded `seed` and `seed + 100`),
 *                         Adam, categorical cross-entropy, full-batch epochs without shuffling,
 *                         the validation loss from `model.evaluate` in one batch.
 * It checks that no decision of the early-stopping rule on these curves is closer than 1e-4 to
 * its min_delta boundary, so float32 noise between runs cannot change an answer.
 * Run: npx tsx exercises/model-selection/restore-the-best-epoch/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DIVISION_LABELS, loadZipSplits, type ZipRow } from '../../../../lib/zoo/zip-regions';
import { earlyStoppingState } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAIN = 60;
const VALIDATION = 50;
const FIRST_ROW = 2_000;
const round = (v: number, digits = 6) => Number(v.toFixed(digits));

/** The training runs the tests make: a seed for the initialisers and the early-stopping settings. */
const RUNS = [
  { id: 'weekly-job', seed: 1, learningRate: 0.1, maxEpochs: 40, patience: 5, minDelta: 0.001 },
  { id: 'impatient', seed: 2, learningRate: 0.1, maxEpochs: 40, patience: 2, minDelta: 0 },
  { id: 'runs-out-of-epochs', seed: 2, learningRate: 0.1, maxEpochs: 12, patience: 5, minDelta: 0.001 },
  { id: 'coarse-min-delta', seed: 3, learningRate: 0.1, maxEpochs: 40, patience: 4, minDelta: 0.01 },
];

function buildModel(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 32, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: DIVISION_LABELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }) }),
    ],
  });
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const rows = loadZipSplits().train.slice(FIRST_ROW, FIRST_ROW + TRAIN + VALIDATION);
  const train = rows.slice(0, TRAIN);
  const validation = rows.slice(TRAIN);
  const mean = [0, 1].map((k) => round(train.reduce((s, r) => s + (k === 0 ? r.latitude : r.longitude), 0) / TRAIN));
  const std = [0, 1].map((k) => round(Math.sqrt(train.reduce((s, r) => s + ((k === 0 ? r.latitude : r.longitude) - mean[k]!) ** 2, 0) / TRAIN)));
  const x = (part: ZipRow[]) => tf.tensor2d(part.map((r) => [(r.latitude - mean[0]!) / std[0]!, (r.longitude - mean[1]!) / std[1]!]));
  const y = (part: ZipRow[]) => tf.oneHot(tf.tensor1d(part.map((r) => r.label), 'int32'), DIVISION_LABELS.length);
  const [xTrain, yTrain, xVal, yVal] = [x(train), y(train), x(validation), y(validation)];

  const runs = [];
  for (const run of RUNS) {
    const model = buildModel(run.seed);
    const optimizer = tf.train.adam(run.learningRate);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const valLosses: number[] = [];
    for (let epoch = 1; epoch <= run.maxEpochs; epoch += 1) {
      await model.fit(xTrain, yTrain, { epochs: 1, batchSize: TRAIN, shuffle: false, verbose: 0, yieldEvery: 'never' });
      valLosses.push(tf.tidy(() => (model.evaluate(xVal, yVal, { batchSize: VALIDATION }) as tf.Scalar).dataSync()[0]!));
    }
    model.dispose();
    optimizer.dispose();
    // Every decision the rule makes on this curve must be clear of the min_delta boundary.
    let best = Infinity;
    for (const loss of valLosses) {
      const margin = Math.abs(best - loss - run.minDelta);
      if (Number.isFinite(best) && margin < 1e-4) throw new Error(`run ${run.id}: a drop of ${best - loss} is within 1e-4 of minDelta ${run.minDelta}`);
      if (loss < best - run.minDelta) best = loss;
    }
    let state = earlyStoppingState(valLosses.slice(0, 1), run);
    for (let k = 1; !state.stop; k += 1) state = earlyStoppingState(valLosses.slice(0, k), run);
    const epochsRun = valLosses.findIndex((_, i) => earlyStoppingState(valLosses.slice(0, i + 1), run).stop) + 1;
    const lowest = valLosses.slice(0, epochsRun).indexOf(Math.min(...valLosses.slice(0, epochsRun))) + 1;
    console.log(`${run.id}: stops after ${epochsRun} of ${run.maxEpochs}, best epoch ${state.bestEpoch} (${state.bestValLoss.toFixed(4)}), lowest loss at ${lowest}, last ${valLosses[epochsRun - 1]!.toFixed(4)}`);
    runs.push({ ...run, valLosses });
  }
  tf.dispose([xTrain, yTrain, xVal, yVal]);

  const csv = [
    'zip,city,state,latitude,longitude,division,split',
    ...rows.map((r, i) => [r.zip, r.city, r.state, r.latitude, r.longitude, DIVISION_LABELS[r.label], i < TRAIN ? 'train' : 'validation'].join(',')),
  ];
  fs.writeFileSync(path.join(here, '..', 'data', 'addresses.csv'), `${csv.join('\n')}\n`);
  const json = JSON.stringify({ standardisation: { mean, std }, runs }, null, 2).replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
  fs.writeFileSync(path.join(here, 'expected.json'), `${json}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
